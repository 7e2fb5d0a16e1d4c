"""Where personal data about an email address is held (reads only)."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from privacy.registry import PersonalDataSource, sources


@dataclass(frozen=True)
class PersonalData:
    """The rows that hold an address, per registered source (privacy.registry), in the order
    of registration; addresses are matched case-insensitively."""

    email: str
    held: tuple[tuple[PersonalDataSource, QuerySet], ...]

    def __iter__(self) -> Iterator[tuple[PersonalDataSource, QuerySet]]:
        return iter(self.held)

    def counts(self) -> dict[str, int]:
        return {source.key: rows.count() for source, rows in self.held}


def personal_data_find(*, email: str) -> PersonalData:
    """Everything that holds `email` (empty querysets for an empty address)."""
    address = email.strip()
    return PersonalData(
        email=address, held=tuple((source, source.rows(address)) for source in sources())
    )
