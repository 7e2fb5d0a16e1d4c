"""Writes of the programme app: the status timeline of the government's integration measures.

A measure's `status` is always the status of its latest change (by date, then by the order
the changes were recorded): `measure_status_change` adds a change, and the admin's change
form, which edits the timeline as an inline, calls `measure_status_sync` after saving it.
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
from core.i18n import language_codes
from programmes.models import Measure, MeasureStatusChange


def measure_status_latest(measure: Measure) -> str:
    """The status the measure's timeline ends in (planned while it has none)."""
    latest = measure.status_changes.order_by("-date", "-pk").values_list("status", flat=True)
    return latest.first() or Measure.Status.PLANNED


def _status_refresh(measure: Measure) -> str:
    """Set and save the status of the latest change; return the status it had before."""
    before = measure.status
    status = measure_status_latest(measure)
    if status != before:
        measure.status = status
        measure.save(update_fields=["status", "updated_at"])
    return before


def measure_status_sync(*, measure: Measure, by: AbstractBaseUser | None = None) -> bool:
    """Make `measure.status` that of its latest status change (side effects: the measure
    saved and an audit event recorded when the status changed). True if it changed.

    A building block: runs inside the caller's transaction (the admin's change form saves
    the timeline inline and then calls this).
    """
    before = _status_refresh(measure)
    if before == measure.status:
        return False
    audit_record(
        action=AuditEvent.Action.STATUS_CHANGED,
        obj=measure,
        actor=by,
        before={"status": before},
        after={"status": measure.status},
    )
    return True


@transaction.atomic(durable=True)
def measure_status_change(
    *,
    measure: Measure,
    status: str,
    on: date,
    note: dict[str, str] | None = None,
    by: AbstractBaseUser | None = None,
) -> MeasureStatusChange:
    """Record that `measure` reached `status` on `on`, with an optional note per language
    ({"fi": ..., "sv": ...}).

    A whole use case (durable: no caller wraps it). Side effects: one MeasureStatusChange
    row; the measure's status set to its latest change's (a change dated before the latest
    one only fills in the history); one audit event. Raises ValidationError for an unknown
    status or a future date.
    """
    note = note or {}
    change = MeasureStatusChange(measure=measure, status=status, date=on)
    for code in language_codes():
        setattr(change, f"note_{code}", note.get(code, ""))
    change.full_clean()
    change.save()
    before = _status_refresh(measure)
    audit_record(
        action=AuditEvent.Action.STATUS_CHANGED,
        obj=measure,
        actor=by,
        before={"status": before},
        after={"status": measure.status, "recorded": status, "date": on.isoformat()},
    )
    return change
