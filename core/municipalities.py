"""Finland's municipalities (kunnat / kommuner): the official list and how to sort and match it.

The list is Statistics Finland's classification in force since 1 January 2026 (308
municipalities, Pertunmaa having joined Mäntyharju), kept in `core/data/municipalities.csv`
(code, name_fi, name_sv, region) and loaded into `core.models.Municipality` by a data
migration. Names are proper names: the Swedish column repeats the Finnish name where the
municipality has no official Swedish one.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"

# The choice for organisations that work all over Finland rather than in one municipality.
NATIONWIDE = "nationwide"
NATIONWIDE_LABEL = _("Nationwide (whole Finland)")

# Finnish and Swedish alphabetical order ends in å ä ö (Swedish and Finnish agree on it);
# the database's C collation and Python's default sort put ä before å and lose this.
ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET, start=1)}
# Letters that sort as another letter: ü as y and w as v in Finnish and Swedish dictionaries.
_AS = {"ü": "y", "w": "v", "é": "e", "è": "e", "á": "a", "à": "a"}


def collation_key(name: str) -> tuple[int, ...]:
    """A locale-independent sort key for Finnish and Swedish names (…x y z å ä ö).

    Spaces, hyphens and punctuation count as lower than any letter, so "Koski Tl" comes before
    "Koskis"; digits and other characters sort after ö.
    """
    key = []
    for char in name.casefold():
        char = _AS.get(char, char)
        if char in _RANK:
            key.append(_RANK[char])
        elif char.isdigit():
            key.append(100 + int(char))
        elif char.isalpha():
            key.append(200 + ord(char))
        else:
            key.append(0)
    return tuple(key)


def sorted_by_name[T](items: Iterable[T], *, name) -> list[T]:
    """`items` sorted by `name(item)` in Finnish/Swedish alphabetical order."""
    return sorted(items, key=lambda item: collation_key(name(item)))


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name_fi: str
    name_sv: str
    region: str


def read_data_file(path: Path = DATA_FILE) -> list[MunicipalityRow]:
    """The rows of the data file, in file order (by code)."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            MunicipalityRow(
                code=row["code"],
                name_fi=row["name_fi"],
                name_sv=row["name_sv"],
                region=row["region"],
            )
            for row in csv.DictReader(file)
        ]


def normalise(text: str) -> str:
    """Free text as typed (" ESBO ", "Helsingin kaupunki") reduced for matching a name."""
    return " ".join(text.split()).casefold()


def language_of(language: str | None = None) -> str:
    return (language or translation.get_language() or "fi")[:2]


def municipality_choices(
    language: str | None = None, *, nationwide: bool = True, queryset=None
) -> list[tuple[str, str]]:
    """(code, name) pairs for a select, sorted by the name in `language` (…å ä ö).

    With `nationwide`, the "Nationwide" choice comes first; `queryset` limits the list (a
    filter offers only the municipalities that have something to show). One query.
    """
    from core.models import Municipality

    language = language_of(language)
    rows = Municipality.objects.all() if queryset is None else queryset
    named = [(m.code, m.name_in(language)) for m in rows.only("code", "name_fi", "name_sv")]
    choices = sorted_by_name(named, name=lambda pair: pair[1])
    return [(NATIONWIDE, NATIONWIDE_LABEL), *choices] if nationwide else choices


def municipalities_sync() -> int:
    """Create or update the municipalities from the data file; returns how many there are.

    The data migration loads them once; this puts them back where a database was emptied
    (a flushed test database) and applies a corrected data file. Two queries when nothing
    has changed.
    """
    from core.models import Municipality

    stored = {m.code: m for m in Municipality.objects.all()}
    missing, changed = [], []
    for row in read_data_file():
        values = {"name_fi": row.name_fi, "name_sv": row.name_sv, "region": row.region}
        municipality = stored.get(row.code)
        if municipality is None:
            missing.append(Municipality(code=row.code, **values))
        elif any(getattr(municipality, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(municipality, name, value)
            changed.append(municipality)
    Municipality.objects.bulk_create(missing)
    Municipality.objects.bulk_update(changed, ["name_fi", "name_sv", "region"])
    if missing or changed:
        from core.content_versions import bump_models

        # Bulk writes send no signals; pages show municipality names.
        bump_models(Municipality)
    return len(stored) + len(missing)
