from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from portal.localized import Localized, localized

register = template.Library()


@register.simple_tag
def localize(obj, field: str) -> Localized:
    """`{% localize theme "name" as name %}`: the text, its language, whether it fell back."""
    return localized(obj, field)


@register.inclusion_tag("includes/localized_text.html")
def localized_text(obj, field: str, paragraphs: bool = True) -> dict:
    """A text passage; if it exists only in the other language, say so and mark its lang."""
    return {"value": localized(obj, field), "paragraphs": paragraphs}


@register.inclusion_tag("includes/localized_inline.html")
def localized_inline(obj, field: str) -> dict:
    """A short text in a line; if it is in the other language, its lang and a visible note."""
    return {"value": localized(obj, field)}


@register.simple_tag
def only_in_language_note(lang: str) -> str:
    """The visible note for a passage that exists only in `lang`, in the page language."""
    notes = {"fi": _("Only in Finnish"), "sv": _("Only in Swedish"), "en": _("Only in English")}
    return notes.get(lang, "")


@register.simple_tag
def publication_language_note(publication) -> str:
    """'Only in Finnish' (in the page language) for a publication not in the page language."""
    code = publication.language_note_code(translation.get_language())
    if code:
        return only_in_language_note(code)
    if translation.get_language() not in publication.languages:
        return _("Not available in this language")
    return ""


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, "")
