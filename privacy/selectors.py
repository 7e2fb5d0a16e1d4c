"""Where personal data about an email address is held (reads only)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from events.models import Registration
from mailings.models import ConsentRecord, Delivery, Subscriber, Suppression, email_key
from pledges.models import Partner, PartnerInterest, Submission
from portal.models import AccessibilityFeedback


@dataclass(frozen=True)
class PersonalData:
    """The rows that hold an address, per kind; addresses are matched case-insensitively."""

    email: str
    submissions: QuerySet
    partners: QuerySet
    partner_interests: QuerySet
    registrations: QuerySet
    subscribers: QuerySet
    consent_records: QuerySet
    suppressions: QuerySet
    deliveries: QuerySet
    accessibility_feedback: QuerySet

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).count() for name in PERSONAL_DATA_KINDS}


PERSONAL_DATA_KINDS = (
    "submissions",
    "partners",
    "partner_interests",
    "registrations",
    "subscribers",
    "consent_records",
    "suppressions",
    "deliveries",
    "accessibility_feedback",
)


def personal_data_find(*, email: str) -> PersonalData:
    """Everything that holds `email` (empty querysets for an empty address)."""
    address = email.strip()
    key = email_key(address)
    data = PersonalData(
        email=address,
        submissions=Submission.objects.filter(contact_email__iexact=address)
        .select_related("organisation", "campaign")
        .prefetch_related("pledges", "initiatives", "partners__organisation")
        .order_by("created_at", "pk"),
        partners=Partner.objects.filter(contact_email__iexact=address)
        .select_related("organisation", "submission__organisation")
        .order_by("pk"),
        partner_interests=PartnerInterest.objects.filter(email__iexact=address)
        .select_related("initiative")
        .order_by("created_at", "pk"),
        registrations=Registration.objects.filter(email__iexact=address)
        .select_related("event")
        .order_by("created_at", "pk"),
        subscribers=Subscriber.objects.filter(email_key=key)
        .prefetch_related("subscriptions")
        .order_by("pk"),
        consent_records=ConsentRecord.objects.filter(subscriber__email_key=key).order_by(
            "given_at", "pk"
        ),
        suppressions=Suppression.objects.filter(email_key=key).order_by("pk"),
        deliveries=Delivery.objects.filter(to_email__iexact=address).order_by("created_at", "pk"),
        accessibility_feedback=AccessibilityFeedback.objects.filter(email__iexact=address).order_by(
            "received_at", "pk"
        ),
    )
    if not address:
        # Empty addresses (optional fields) belong to nobody: never match them all.
        return PersonalData(
            email="", **{kind: getattr(data, kind).none() for kind in PERSONAL_DATA_KINDS}
        )
    return data
