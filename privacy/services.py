"""Personal data requests (export, erasure) and the automatic anonymisation of old contacts."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record

# Re-exported: pledges.exports leaves anonymised contacts out by it.
from privacy.registry import ANONYMISED_DOMAIN as ANONYMISED_DOMAIN
from privacy.registry import iso, sources
from privacy.selectors import personal_data_find


def personal_data_log(
    *, action: str, email: str, user: AbstractBaseUser | None, summary: dict
) -> AuditEvent:
    """Record who did what for which address (side effect: one audit event, its object
    the address, `summary` as what it did; privacy.models.PersonalDataRequest lists them)."""
    return audit_record(action=action, actor=user, object_repr=email.strip(), after=summary)


def personal_data_export(*, email: str) -> dict[str, Any]:
    """Everything held about an address, as JSON-safe data, one list per registered source
    (reads only, logs nothing: the caller logs the export with the staff user)."""
    data = personal_data_find(email=email)
    export: dict[str, Any] = {"email": data.email, "generated_at": iso(timezone.now())}
    for source, rows in data:
        export[source.export_section] = source.export(rows)
    return export


def _ids(queryset: QuerySet) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


@transaction.atomic(durable=True)
def personal_data_erase(*, email: str, user: AbstractBaseUser | None) -> dict[str, Any]:
    """Erase or anonymise everything held about an address; keep the organisation's content.

    Each registered source erases its rows, in the order of registration (see the sources'
    `erase` in <app>/personal_data.py). Today: submission and partner contacts get a
    placeholder address and empty name and phone (pledge and initiative texts, the
    organisation and its consent to publish stay); partner interests lose name, address and
    message; registrations are anonymised as the events job does; subscribers are deleted
    with their topics and consent records, and the address stays on the suppression list (as
    "unsubscribed", which a new confirmed subscription lifts) so that no mailing reaches it;
    mails to the address get a placeholder recipient and lose their context and attachments
    (pending ones are skipped); accessibility feedback loses name and address. One audit
    event records it. Returns the summary that is logged: record ids per kind, and what the
    sources add (e.g. "suppression_kept").
    """
    data = personal_data_find(email=email)
    now = timezone.now()
    summary: dict[str, Any] = {source.key: _ids(rows) for source, rows in data}
    for source, rows in data:
        summary.update(source.erase(rows, now=now) or {})
    personal_data_log(
        action=AuditEvent.Action.PERSONAL_DATA_ERASED, email=data.email, user=user, summary=summary
    )
    return summary


@transaction.atomic(durable=True)
def personal_data_anonymise_expired(*, older_than: timedelta) -> int:
    """Anonymise the personal data kept longer than needed: the rows each registered source
    calls expired `older_than` ago (today: the contacts of rejected and withdrawn submissions
    closed that long ago, with the partner contacts named in them).

    Side effects: the sources' `anonymise` (or `erase`) on those rows; one audit event when
    any were anonymised. Safe to run twice. Returns how many expired rows were anonymised (not
    counting those anonymised with them, such as the partner contacts of a submission).
    """
    now = timezone.now()
    cutoff = now - older_than
    # Every source's expired rows are listed before any is anonymised: anonymising one kind
    # may change what another calls expired.
    due = []
    for source in sources():
        if source.expired is None:
            continue
        expired = source.expired(cutoff)
        if ids := _ids(expired):
            due.append((source, expired.model._default_manager.filter(pk__in=ids), ids))
    if not due:
        return 0
    summary: dict[str, Any] = {source.key: ids for source, _rows, ids in due}
    for source, rows, _ in due:
        summary.update(source.anonymise_expired(rows, now=now) or {})
    summary["older_than_days"] = older_than.days
    personal_data_log(
        action=AuditEvent.Action.PERSONAL_DATA_ANONYMISED, email="", user=None, summary=summary
    )
    return sum(len(ids) for _source, _rows, ids in due)


# The beat job's name (privacy.tasks) from when submissions were the only kind with a limit.
submissions_anonymise_expired = personal_data_anonymise_expired
