"""Copy the four histories into the one audit log, keeping their times and users: the
status changes of pledges and initiatives (pledges.StatusChange), the organisation merges
(privacy.OrganisationMergeLog), the personal data requests (privacy.PersonalDataLog) and
the admin's own log (admin.LogEntry). pledges/0010 and privacy/0002 then drop the old
tables; new admin log entries are mirrored as they are written (audit.apps)."""

import json

from django.db import migrations
from django.utils import translation

BATCH = 1000

# What a status change to this status was done by (audit.models.AuditEvent.Action).
STATUS_ACTIONS = {
    "submitted": "submitted",
    "in_review": "returned_to_review",
    "published": "published",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
}
PERSONAL_DATA_ACTIONS = {
    "viewed": "personal_data_viewed",
    "exported": "personal_data_exported",
    "erased": "personal_data_erased",
    "anonymised": "personal_data_anonymised",
}
ADMIN_ACTIONS = {1: "admin_added", 2: "admin_changed", 3: "admin_deleted"}


def _change_message(raw: str) -> dict:
    # As audit.services.admin_change_message stores it (the admin shows it translated).
    if not raw:
        return {}
    try:
        return {"change_message": json.loads(raw)}
    except ValueError:
        return {"change_message": raw}


def _label(user, username: str = "", default: str = "system") -> str:
    if user is not None:
        return user.username[:150]
    return (username or default)[:150]


def _status_event(change, content_types) -> dict:
    """One status change as an audit event: its action from what changed; a row whose
    status stayed the same says in its note what it was (selection, an award)."""
    entry = change.pledge or change.initiative
    kind = "pledge" if change.pledge_id else "initiative"
    from_status, to_status, note = change.from_status, change.to_status, change.note
    before, after = {"status": from_status}, {"status": to_status}
    if not from_status:
        action, before = STATUS_ACTIONS.get(to_status, "status_changed"), {}
    elif from_status != to_status:
        action = STATUS_ACTIONS.get(to_status, "status_changed")
    elif note == "Selected for the programme":
        action, before, after = "selected", {"selected": False}, {"selected": True}
    elif note == "No longer selected for the programme":
        action, before, after = "unselected", {"selected": True}, {"selected": False}
    elif note.startswith("Award removed: "):
        action, before, after = "award_removed", {"award": note[15:]}, {}
    elif note.startswith("Award: "):
        action, before, after = "awarded", {}, {"award": note[7:]}
    else:
        action, before, after = "status_changed", {}, {}
    # Who acted without an account: the submitter sent the form or withdrew.
    anonymous = "submitter" if action in ("submitted", "withdrawn") else "system"
    title = entry.title or entry.title_fi or entry.title_sv or ""
    return {
        "action": action,
        "content_type": content_types[kind],
        "object_id": str(entry.pk),
        "object_repr": title[:300],
        "before": before,
        "after": after,
        "note": note,
        "created_at": change.created_at,
        "actor": change.changed_by,
        "actor_label": _label(change.changed_by, default=anonymous),
    }


def histories_copy(apps, schema_editor):
    from django.contrib.admin.models import LogEntry as AdminLogEntry

    using = schema_editor.connection.alias
    event_model = apps.get_model("audit", "AuditEvent")
    content_type = apps.get_model("contenttypes", "ContentType")
    content_types = {
        model: content_type.objects.using(using).get_or_create(app_label="pledges", model=model)[0]
        for model in ("pledge", "initiative", "organisation")
    }
    events = []

    def add(**fields) -> None:
        events.append(event_model(**fields))
        if len(events) >= BATCH:
            event_model.objects.using(using).bulk_create(events)
            events.clear()

    status_change = apps.get_model("pledges", "StatusChange")
    changes = status_change.objects.using(using).select_related(
        "pledge", "initiative", "changed_by"
    )
    for change in changes.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        add(**_status_event(change, content_types))

    merge_log = apps.get_model("privacy", "OrganisationMergeLog")
    for log in merge_log.objects.using(using).select_related("user").order_by("created_at", "pk"):
        add(
            action="organisations_merged",
            content_type=content_types["organisation"],
            object_id=str(log.kept_id) if log.kept_id else "",
            object_repr=log.kept_name[:300],
            before={"merged": log.merged},
            after={"moved": log.moved, "filled_fields": log.filled_fields},
            created_at=log.created_at,
            actor=log.user,
            actor_label=_label(log.user, log.username),
        )

    data_log = apps.get_model("privacy", "PersonalDataLog")
    for log in data_log.objects.using(using).select_related("user").order_by("created_at", "pk"):
        add(
            action=PERSONAL_DATA_ACTIONS[log.action],
            object_repr=log.email[:300],
            after=log.summary,
            created_at=log.created_at,
            actor=log.user,
            actor_label=_label(log.user, log.username),
        )

    log_entry = apps.get_model("admin", "LogEntry")
    entries = log_entry.objects.using(using).select_related("user").order_by("action_time", "pk")
    for entry in entries.iterator(chunk_size=BATCH):
        # The message as the admin's history shows it, in English like the other notes.
        with translation.override("en"):
            message = AdminLogEntry(change_message=entry.change_message).get_change_message()
        add(
            action=ADMIN_ACTIONS.get(entry.action_flag, "admin_changed"),
            content_type_id=entry.content_type_id,
            object_id=entry.object_id or "",
            object_repr=(entry.object_repr or "")[:300],
            note=message,
            after=_change_message(entry.change_message),
            created_at=entry.action_time,
            actor=entry.user,
            actor_label=_label(entry.user),
        )
    event_model.objects.using(using).bulk_create(events)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("pledges", "0009_organisation_municipality_in_core"),
        ("privacy", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Backwards the events stay: the old tables come back empty, and the audit log is the
    # history now (events written since then are not in the old tables).
    operations = [migrations.RunPython(histories_copy, migrations.RunPython.noop)]
