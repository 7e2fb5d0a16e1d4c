"""Show a translated field in the page language, or honestly in the other one.

modeltranslation falls back silently; the public pages must not (WCAG 3.1.2): a passage
that exists only in the other language is marked with its `lang` and a visible note.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


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
