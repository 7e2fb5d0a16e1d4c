"""The personal data sources: what each app holds about a person, and how to export and erase it.

An app that stores personal data registers a `PersonalDataSource` per kind of it in its own
`personal_data.py`, which the privacy app imports when it is ready (as the admin finds
`admin.py` modules; compare pretix's data shredders). The privacy app knows no other app:
the look-up, the JSON export, the erasure and the end of retention walk `sources()`, so a new
kind of personal data joins them without a change here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import CharField, Model, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.functional import Promise

# RFC 2606 reserves .invalid: a placeholder address there can never receive mail.
ANONYMISED_DOMAIN = "anonymised.invalid"


def iso(value: datetime | None) -> str | None:
    """A time in an export: local ISO 8601, or None."""
    return timezone.localtime(value).isoformat() if value else None


def placeholder(kind: str) -> Concat:
    """An address like erased-submission-12@anonymised.invalid, unique per row (for update())."""
    return Concat(
        Value(f"erased-{kind}-"),
        Cast("pk", output_field=CharField()),
        Value(f"@{ANONYMISED_DOMAIN}"),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class PersonalDataSource:
    """One kind of personal data, e.g. the contact persons of submissions.

    `key` names the kind in counts and logs, `section` its list in the JSON export (the key
    unless given) and `label` its row on the staff page. `find(email)` gives the rows that
    hold an address (already stripped and never empty; matched case-insensitively), as a
    queryset of one model. `export(rows)` turns them into JSON-safe dicts for the person.
    `erase(rows, now=...)` erases or anonymises them (by update() or delete(), keeping what
    is not the person's, e.g. the organisation's published texts); it may return items for
    the erasure's summary. Sources are erased in the order of registration.

    Retention, where a kind has a time limit: `expired(cutoff)` gives the rows that were
    not needed any more at `cutoff`, and `anonymise(rows, now=...)` (default: `erase`) is
    applied to them by the daily job.
    """

    key: str
    label: Promise
    find: Callable[[str], QuerySet]
    export: Callable[[QuerySet], list[dict[str, Any]]]
    erase: Callable[..., dict[str, Any] | None]
    section: str = ""
    expired: Callable[[datetime], QuerySet] | None = None
    anonymise: Callable[..., dict[str, Any] | None] | None = None

    @property
    def export_section(self) -> str:
        return self.section or self.key

    @property
    def model(self) -> type[Model]:
        # A queryset is lazy: building one for a placeholder address runs no query.
        return self.find(f"nobody@{ANONYMISED_DOMAIN}").model

    def rows(self, email: str) -> QuerySet:
        """The rows holding `email`; none for an empty address (optional fields are empty
        for many people: an empty address belongs to nobody)."""
        address = email.strip()
        return self.find(address) if address else self.model._default_manager.none()

    def anonymise_expired(self, rows: QuerySet, *, now: datetime) -> dict[str, Any] | None:
        return (self.anonymise or self.erase)(rows, now=now)


_SOURCES: dict[str, PersonalDataSource] = {}


def register(source: PersonalDataSource) -> PersonalDataSource:
    if source.export_section in ("email", "generated_at"):
        raise ValueError(f"Export section {source.export_section!r} is the export's own.")
    for other in _SOURCES.values():
        if other.key != source.key and other.export_section == source.export_section:
            raise ValueError(f"Export section {source.export_section!r} is used twice.")
    if source.key in _SOURCES and _SOURCES[source.key] != source:
        raise ValueError(f"Personal data kind {source.key!r} is registered twice.")
    _SOURCES[source.key] = source
    return source


def unregister(key: str) -> None:
    """Remove a source (for tests that register their own)."""
    _SOURCES.pop(key, None)


def sources() -> list[PersonalDataSource]:
    """Every registered source, in the order of registration (INSTALLED_APPS)."""
    return list(_SOURCES.values())
