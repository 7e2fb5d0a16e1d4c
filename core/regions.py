"""Finland's 19 regions (maakunnat / landskap), shared by every app that needs them.

Codes are stable slugs stored in the database; names are the official Finnish and Swedish
ones, so labels are proper names and need no message catalogue: `region_choices()` and
`RegionField` choices display in the active language.
"""

from django.utils import translation
from django.utils.functional import lazy

REGIONS: list[tuple[str, str, str]] = [
    ("uusimaa", "Uusimaa", "Nyland"),
    ("varsinais-suomi", "Varsinais-Suomi", "Egentliga Finland"),
    ("satakunta", "Satakunta", "Satakunta"),
    ("kanta-hame", "Kanta-Häme", "Egentliga Tavastland"),
    ("pirkanmaa", "Pirkanmaa", "Birkaland"),
    ("paijat-hame", "Päijät-Häme", "Päijänne-Tavastland"),
    ("kymenlaakso", "Kymenlaakso", "Kymmenedalen"),
    ("etela-karjala", "Etelä-Karjala", "Södra Karelen"),
    ("etela-savo", "Etelä-Savo", "Södra Savolax"),
    ("pohjois-savo", "Pohjois-Savo", "Norra Savolax"),
    ("pohjois-karjala", "Pohjois-Karjala", "Norra Karelen"),
    ("keski-suomi", "Keski-Suomi", "Mellersta Finland"),
    ("etela-pohjanmaa", "Etelä-Pohjanmaa", "Södra Österbotten"),
    ("pohjanmaa", "Pohjanmaa", "Österbotten"),
    ("keski-pohjanmaa", "Keski-Pohjanmaa", "Mellersta Österbotten"),
    ("pohjois-pohjanmaa", "Pohjois-Pohjanmaa", "Norra Österbotten"),
    ("kainuu", "Kainuu", "Kajanaland"),
    ("lappi", "Lappi", "Lappland"),
    ("ahvenanmaa", "Ahvenanmaa", "Åland"),
]

REGION_CODES: frozenset[str] = frozenset(code for code, _fi, _sv in REGIONS)
_NAMES: dict[str, tuple[str, str]] = {code: (fi, sv) for code, fi, sv in REGIONS}

# Longest code, for CharField(max_length=...).
MAX_LENGTH = 32


def region_name(code: str, language: str | None = None) -> str:
    """The region's official name in `language` (default: the active language); '' if unknown."""
    names = _NAMES.get(code)
    if names is None:
        return ""
    language = (language or translation.get_language() or "fi")[:2]
    return names[1] if language == "sv" else names[0]


region_name_lazy = lazy(region_name, str)


def region_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs in `language` (or the active one), in the official order."""
    return [(code, region_name(code, language)) for code, _fi, _sv in REGIONS]


# For model and form fields: labels are lazy, so they follow the language active when shown.
# Use `choices=REGION_CHOICES`, `max_length=MAX_LENGTH`.
REGION_CHOICES: list[tuple[str, str]] = [
    (code, region_name_lazy(code)) for code, _fi, _sv in REGIONS
]


def sorted_region_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Choices sorted alphabetically by name in `language` (for select boxes)."""
    return sorted(region_choices(language), key=lambda pair: pair[1].casefold())
