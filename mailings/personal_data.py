"""Personal data in mailings: subscribers, their consent records, the suppression list and the
mails sent (registered with privacy.registry; erased in this order)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mailings.models import ConsentRecord, Delivery, Subscriber, Suppression, email_key
from mailings.services import suppression_add
from privacy.registry import PersonalDataSource, iso, placeholder, register


def subscribers_find(email: str) -> QuerySet:
    return (
        Subscriber.objects.filter(email_key=email_key(email))
        .prefetch_related("subscriptions")
        .order_by("pk")
    )


def subscribers_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "email": s.email,
            "language": s.language,
            "status": s.status,
            "topics": sorted(sub.topic for sub in s.subscriptions.all()),
            "created_at": iso(s.created_at),
            "confirmed_at": iso(s.confirmed_at),
            "unsubscribed_at": iso(s.unsubscribed_at),
        }
        for s in rows
    ]


def subscribers_erase(rows: QuerySet, *, now: datetime) -> None:
    """Deleted with their topics and consent records; the address stays on the suppression
    list (as "unsubscribed", which a new confirmed subscription lifts) so that no mailing
    reaches it."""
    for key in sorted(set(rows.values_list("email_key", flat=True))):
        suppression_add(
            address=key,
            reason=Suppression.Reason.UNSUBSCRIBED,
            note="personal data erased on request",
        )
    rows.delete()


def consent_records_find(email: str) -> QuerySet:
    return ConsentRecord.objects.filter(subscriber__email_key=email_key(email)).order_by(
        "given_at", "pk"
    )


def consent_records_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "purpose": c.purpose,
            "text_version": c.text_version,
            "text": c.text,
            "language": c.language,
            "source": c.source,
            "given_at": iso(c.given_at),
            "confirmed_at": iso(c.confirmed_at),
            "withdrawn_at": iso(c.withdrawn_at),
        }
        for c in rows
    ]


def consent_records_erase(rows: QuerySet, *, now: datetime) -> None:
    # Already gone with their subscriber (on_delete=CASCADE); kept here for clarity.
    rows.delete()


def suppressions_find(email: str) -> QuerySet:
    return Suppression.objects.filter(email_key=email_key(email)).order_by("pk")


def suppressions_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [{"email": s.email_key, "reason": s.reason, "added_at": iso(s.created_at)} for s in rows]


def suppressions_erase(rows: QuerySet, *, now: datetime) -> dict[str, Any]:
    """Kept: the suppression is what keeps mailings away from the address. Tells the staff
    page whether the address is on the list (after the subscribers' erasure added it)."""
    return {"suppression_kept": rows.exists()}


def deliveries_find(email: str) -> QuerySet:
    return Delivery.objects.filter(to_email__iexact=email).order_by("created_at", "pk")


def deliveries_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": d.pk,
            "template": d.template,
            "language": d.language,
            "status": d.status,
            "context": d.context,
            "created_at": iso(d.created_at),
            "sent_at": iso(d.sent_at),
        }
        for d in rows
    ]


def deliveries_erase(rows: QuerySet, *, now: datetime) -> None:
    """Mails not sent yet are skipped; every mail gets a placeholder recipient and loses its
    context and attachments (the row stays for the sending statistics)."""
    rows.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]).update(
        status=Delivery.Status.SKIPPED, last_error="personal data erased"
    )
    rows.update(to_email=placeholder("delivery"), context={}, attachments=[])


register(
    PersonalDataSource(
        key="subscribers",
        section="subscriptions",
        label=_("Newsletter subscriptions"),
        find=subscribers_find,
        export=subscribers_export,
        erase=subscribers_erase,
    )
)
register(
    PersonalDataSource(
        key="consent_records",
        label=_("Consent records"),
        find=consent_records_find,
        export=consent_records_export,
        erase=consent_records_erase,
    )
)
# After the subscribers: their erasure puts the address on the list.
register(
    PersonalDataSource(
        key="suppressions",
        label=_("Suppression list"),
        find=suppressions_find,
        export=suppressions_export,
        erase=suppressions_erase,
    )
)
register(
    PersonalDataSource(
        key="deliveries",
        section="mail_sent",
        label=_("Mails sent"),
        find=deliveries_find,
        export=deliveries_export,
        erase=deliveries_erase,
    )
)
