"""Show a translated field in the page language, or honestly in the other one.

modeltranslation falls back silently; the public pages must not (WCAG 3.1.2): a passage
that exists only in the other language is marked with its `lang` and a visible note.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify


@dataclass(frozen=True)
class Localized:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def localized(obj, field: str) -> Localized:
    current = translation.get_language()
    codes = [current] + [code for code, _name in settings.LANGUAGES if code != current]
    for code in codes:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return Localized(text=value, lang=code, is_fallback=code != current)
    return Localized(text="", lang=current, is_fallback=False)


def in_language(obj, field: str, language: str, default=None):
    """The field's own value in `language`, without falling back to another language: the
    edition a mail, a preview or a slug is made from. `default` when it is empty."""
    return getattr(obj, f"{field}_{language}", None) or default


def translated_slugs_fill(obj, *, source: str = "title", max_length: int = 100) -> None:
    """Give each language's empty `slug_<code>` the slug of that language's `source`, once:
    a published address never changes when the title is edited later."""
    for code, _name in settings.LANGUAGES:
        text = in_language(obj, source, code)
        if text and not in_language(obj, "slug", code):
            setattr(obj, f"slug_{code}", slugify(text)[:max_length])
