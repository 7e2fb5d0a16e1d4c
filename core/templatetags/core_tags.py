from django import template
from django.utils import translation
from django.utils.translation import gettext as _

from core.i18n import x_default_path
from core.localized import Localized, localized

register = template.Library()


@register.simple_tag
def localize(obj, field: str) -> Localized:
    """`{% localize theme "name" as name %}`: the text, its language, whether it fell back."""
    return localized(obj, field)


@register.inclusion_tag("includes/localized_text.html")
def localized_text(obj, field: str, paragraphs: bool = True, covered: str = "") -> dict:
    """A text passage; if it exists only in the other language, say so and mark its lang.

    `covered`: a language whose "only in" note the page already shows for this passage (the
    title's, just above), so the same note is not repeated two or three times in a row.
    """
    value = localized(obj, field)
    return {"value": value, "paragraphs": paragraphs, "note": value.lang != covered}


@register.inclusion_tag("includes/localized_inline.html")
def localized_inline(obj, field: str, covered: str = "") -> dict:
    """A short text in a line; if it is in the other language, its lang and a visible note.

    `covered` as in localized_text: a group note (see `group_fallback_language`) says it once.
    """
    value = localized(obj, field)
    return {"value": value, "note": value.lang != covered}


@register.filter
def group_fallback_language(objects, field: str) -> str:
    """The other language if two or more objects' `field` exist only in it, else "".

    Such a list gets one "Some of these are only in …" note instead of the same note after
    every item; a single such item keeps its own note, which says more.
    """
    fallbacks = [value for value in (localized(obj, field) for obj in objects) if value.is_fallback]
    return fallbacks[0].lang if len(fallbacks) >= 2 else ""


@register.simple_tag
def group_language_note(lang: str) -> str:
    """The one note under a list where some items exist only in `lang`."""
    notes = {
        "fi": _("Some of these are only in Finnish."),
        "sv": _("Some of these are only in Swedish."),
    }
    return notes.get(lang, "")


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


@register.filter
def x_default(urls: dict) -> str:
    """`{{ alternate_urls|x_default }}`: the path for hreflang="x-default"."""
    return x_default_path(dict(urls.items()))
