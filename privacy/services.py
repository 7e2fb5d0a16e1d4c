"""Personal data requests (export, erasure) and the automatic anonymisation of old contacts."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from mailings.models import Delivery, Suppression
from mailings.services import suppression_add
from pledges.models import Entry, Initiative, Partner, Pledge, StatusChange, Submission
from privacy.models import PersonalDataLog
from privacy.selectors import PERSONAL_DATA_KINDS, personal_data_find

# RFC 2606 reserves .invalid: a placeholder address there can never receive mail.
ANONYMISED_DOMAIN = "anonymised.invalid"
CLOSED_STATUSES = (Entry.Status.REJECTED, Entry.Status.WITHDRAWN)


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _placeholder(kind: str) -> Concat:
    """An address like erased-submission-12@anonymised.invalid, unique per row."""
    return Concat(
        Value(f"erased-{kind}-"),
        Cast("pk", output_field=CharField()),
        Value(f"@{ANONYMISED_DOMAIN}"),
        output_field=CharField(),
    )


def _user_fields(user: AbstractBaseUser | None) -> dict[str, Any]:
    if user is None or not user.is_authenticated:
        return {"user": None, "username": ""}
    return {"user": user, "username": user.get_username()}


def personal_data_log(
    *, action: str, email: str, user: AbstractBaseUser | None, summary: dict
) -> PersonalDataLog:
    """Record who did what for which address (side effect: one log row)."""
    return PersonalDataLog.objects.create(
        action=action, email=email.strip(), summary=summary, **_user_fields(user)
    )


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "title": {"fi": entry.title_fi or "", "sv": entry.title_sv or ""},
        "text": {"fi": entry.text_fi or "", "sv": entry.text_sv or ""},
        "status": entry.status,
        "published_at": _iso(entry.published_at),
        "received_at": _iso(entry.created_at),
    }


def personal_data_export(*, email: str) -> dict[str, Any]:
    """Everything held about an address, as JSON-safe data (reads only, logs nothing:
    the caller logs the export with the staff user)."""
    data = personal_data_find(email=email)
    return {
        "email": data.email,
        "generated_at": _iso(timezone.now()),
        "submissions": [
            {
                "id": s.pk,
                "organisation": {"id": s.organisation_id, "name": s.organisation.name},
                "campaign": str(s.campaign),
                "contact_name": s.contact_name,
                "contact_email": s.contact_email,
                "contact_phone": s.contact_phone,
                "language": s.language,
                "consent_to_publish": s.consent_to_publish,
                "consent_given_at": _iso(s.consent_given_at),
                "consent_text_version": s.consent_text_version,
                "received_at": _iso(s.created_at),
                "pledges": [_entry(e) for e in s.pledges.all()],
                "initiatives": [_entry(e) for e in s.initiatives.all()],
                # Partners' contact addresses are other people's data: names only.
                "partner_organisations": [
                    {"name": p.organisation.name, "status": p.status} for p in s.partners.all()
                ],
            }
            for s in data.submissions
        ],
        "partner_confirmations": [
            {
                "id": p.pk,
                "organisation": p.organisation.name,
                "named_by": p.submission.organisation.name,
                "contact_email": p.contact_email,
                "status": p.status,
                "responded_at": _iso(p.responded_at),
            }
            for p in data.partners
        ],
        "partner_interests": [
            {
                "id": i.pk,
                "initiative": {"id": i.initiative_id, "title": str(i.initiative)},
                "organisation_name": i.organisation_name,
                "contact_name": i.contact_name,
                "email": i.email,
                "message": i.message,
                "received_at": _iso(i.created_at),
            }
            for i in data.partner_interests
        ],
        "registrations": [
            {
                "id": r.pk,
                "event": {
                    "id": r.event_id,
                    "title": str(r.event.title),
                    "starts_at": _iso(r.event.starts_at),
                },
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "language": r.language,
                "needs": r.needs,
                "status": r.status,
                "registered_at": _iso(r.created_at),
                "cancelled_at": _iso(r.cancelled_at),
            }
            for r in data.registrations
        ],
        "subscriptions": [
            {
                "id": s.pk,
                "email": s.email,
                "language": s.language,
                "status": s.status,
                "topics": sorted(sub.topic for sub in s.subscriptions.all()),
                "created_at": _iso(s.created_at),
                "confirmed_at": _iso(s.confirmed_at),
                "unsubscribed_at": _iso(s.unsubscribed_at),
            }
            for s in data.subscribers
        ],
        "consent_records": [
            {
                "id": c.pk,
                "purpose": c.purpose,
                "text_version": c.text_version,
                "text": c.text,
                "language": c.language,
                "source": c.source,
                "given_at": _iso(c.given_at),
                "confirmed_at": _iso(c.confirmed_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in data.consent_records
        ],
        "suppressions": [
            {"email": s.email_key, "reason": s.reason, "added_at": _iso(s.created_at)}
            for s in data.suppressions
        ],
        "mail_sent": [
            {
                "id": d.pk,
                "template": d.template,
                "language": d.language,
                "status": d.status,
                "context": d.context,
                "created_at": _iso(d.created_at),
                "sent_at": _iso(d.sent_at),
            }
            for d in data.deliveries
        ],
        "accessibility_feedback": [
            {
                "id": f.pk,
                "name": f.name,
                "email": f.email,
                "page": f.page,
                "message": f.message,
                "received_at": _iso(f.received_at),
                "reply": f.reply,
                "replied_at": _iso(f.replied_at),
            }
            for f in data.accessibility_feedback
        ],
    }


def _ids(queryset: QuerySet) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def personal_data_erase(*, email: str, user: AbstractBaseUser | None) -> dict[str, Any]:
    """Erase or anonymise everything held about an address; keep the organisation's content.

    Side effects: submission and partner contacts get a placeholder address and empty name
    and phone (pledge and initiative texts, the organisation and its consent to publish
    stay); partner interests lose name, address and message; registrations are anonymised
    as the events job does; subscribers are deleted with their topics and consent records,
    and the address stays on the suppression list (as "unsubscribed", which a new confirmed
    subscription lifts) so that no mailing reaches it; mails to the address get a placeholder
    recipient and lose their context and attachments (pending ones are skipped);
    accessibility feedback loses name and address. One log row records it.
    Returns the summary that is logged: record ids per kind.
    """
    data = personal_data_find(email=email)
    now = timezone.now()
    summary: dict[str, Any] = {name: _ids(getattr(data, name)) for name in PERSONAL_DATA_KINDS}

    data.submissions.update(
        contact_name="", contact_phone="", contact_email=_placeholder("submission")
    )
    data.partners.update(contact_email=_placeholder("partner"))
    data.partner_interests.update(contact_name="", message="", email=_placeholder("interest"))
    data.registrations.update(name="", email="", organisation="", needs="", anonymised_at=now)
    had_subscription = data.subscribers.exists()
    if had_subscription:
        suppression_add(
            address=data.email,
            reason=Suppression.Reason.UNSUBSCRIBED,
            note="personal data erased on request",
        )
        data.subscribers.delete()
    summary["suppression_kept"] = Suppression.objects.filter(
        email_key__in=data.suppressions.values("email_key")
    ).exists()
    data.deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]).update(
        status=Delivery.Status.SKIPPED, last_error="personal data erased"
    )
    data.deliveries.update(to_email=_placeholder("delivery"), context={}, attachments=[])
    data.accessibility_feedback.update(name="", email="")

    personal_data_log(
        action=PersonalDataLog.Action.ERASED, email=data.email, user=user, summary=summary
    )
    return summary


def _expired_submissions(cutoff: datetime) -> QuerySet:
    """Submissions whose every entry is rejected or withdrawn, with no status change since
    `cutoff`, and whose contact is not anonymised yet."""
    closed = {"status__in": CLOSED_STATUSES}
    entries = {
        model: model.objects.filter(submission=OuterRef("pk")) for model in (Pledge, Initiative)
    }
    recent_change = StatusChange.objects.filter(
        Q(pledge__submission=OuterRef("pk")) | Q(initiative__submission=OuterRef("pk")),
        created_at__gte=cutoff,
    )
    return (
        Submission.objects.filter(created_at__lt=cutoff)
        .exclude(contact_email__endswith=f"@{ANONYMISED_DOMAIN}")
        .filter(Exists(entries[Pledge]) | Exists(entries[Initiative]))
        .exclude(Exists(entries[Pledge].exclude(**closed)))
        .exclude(Exists(entries[Initiative].exclude(**closed)))
        .exclude(Exists(recent_change))
    )


@transaction.atomic
def submissions_anonymise_expired(*, older_than: timedelta) -> int:
    """Anonymise the contacts of rejected and withdrawn submissions closed `older_than` ago.

    Side effects: contact name and phone emptied, contact address (and the addresses of the
    partner contacts named in them) replaced by placeholders; one log row when any were
    anonymised. Safe to run twice. Returns how many submissions were anonymised.
    """
    cutoff = timezone.now() - older_than
    ids = _ids(_expired_submissions(cutoff))
    if not ids:
        return 0
    Submission.objects.filter(pk__in=ids).update(
        contact_name="", contact_phone="", contact_email=_placeholder("submission")
    )
    partners = Partner.objects.filter(submission_id__in=ids)
    partner_ids = _ids(partners)
    partners.update(contact_email=_placeholder("partner"))
    personal_data_log(
        action=PersonalDataLog.Action.ANONYMISED,
        email="",
        user=None,
        summary={
            "submissions": ids,
            "partners": partner_ids,
            "older_than_days": older_than.days,
        },
    )
    return len(ids)
