"""Writing the audit log: one AuditEvent per thing that happened (who, what, object,
before → after, when). Other apps call audit_record inside their own transactions, so an
event is stored exactly when what it records is."""

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import translation

from audit.labels import CHANGE_MESSAGE
from audit.models import AuditEvent

REPR_MAX = AuditEvent._meta.get_field("object_repr").max_length
LABEL_MAX = AuditEvent._meta.get_field("actor_label").max_length

ADMIN_ACTIONS = {
    ADDITION: AuditEvent.Action.ADMIN_ADDED,
    CHANGE: AuditEvent.Action.ADMIN_CHANGED,
    DELETION: AuditEvent.Action.ADMIN_DELETED,
}


def _actor(actor: AbstractBaseUser | None, label: str) -> dict[str, Any]:
    if actor is not None and actor.is_authenticated:
        return {"actor": actor, "actor_label": (label or actor.get_username())[:LABEL_MAX]}
    return {"actor": None, "actor_label": (label or "system")[:LABEL_MAX]}


def audit_record(
    *,
    action: str,
    obj: Model | None = None,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Record that `actor` did `action` to `obj` (side effect: one AuditEvent row).

    Without a signed-in `actor`, `actor_label` says who acted ("submitter", "partner"),
    "system" if not given. `object_repr` names an event without an object (the address a
    personal data request was about); by default it is `str(obj)`.
    """
    target: dict[str, Any] = {}
    if obj is not None:
        target = {
            "content_type": ContentType.objects.get_for_model(obj),
            "object_id": str(obj.pk),
        }
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        action=action,
        **target,
        object_repr=object_repr[:REPR_MAX],
        before=before or {},
        after=after or {},
        note=note,
        **_actor(actor, actor_label),
    )


def admin_change_message(raw: str) -> dict[str, Any]:
    """An admin log entry's change message (JSON, or text from old Django versions) as the
    audit event's `after`; nothing for an empty one."""
    if not raw:
        return {}
    try:
        return {CHANGE_MESSAGE: json.loads(raw)}
    except ValueError:
        return {CHANGE_MESSAGE: raw}


def audit_record_admin_log(*, entry: LogEntry) -> AuditEvent:
    """Mirror one admin log entry (an add, change or delete in the admin) into the audit log,
    with its time, user and change message: as text in English in the note, like the other
    notes, and as the admin stores it in `after`, so the admin shows it in the reader's
    language (AuditEvent.note_shown)."""
    with translation.override("en"):
        message = entry.get_change_message()
    return AuditEvent.objects.create(
        action=ADMIN_ACTIONS.get(entry.action_flag, AuditEvent.Action.ADMIN_CHANGED),
        content_type_id=entry.content_type_id,
        object_id=entry.object_id or "",
        object_repr=(entry.object_repr or "")[:REPR_MAX],
        note=message,
        after=admin_change_message(entry.change_message),
        created_at=entry.action_time,
        **_actor(entry.user, ""),
    )


def audit_history_move(*, objects: Iterable[Model], to: Model) -> int:
    """Make the history of `objects` (e.g. merged duplicates, about to be deleted) part of
    the history of `to`; each event keeps the name it was recorded with. Side effects: the
    events' object id. Returns how many events moved."""
    ids = [str(obj.pk) for obj in objects if obj.pk != to.pk]
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(to), object_id__in=ids
    ).update(object_id=str(to.pk))
