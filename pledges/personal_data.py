"""Personal data in pledges: submission contacts, partner contacts and partner interest messages.

Registered with the privacy app (privacy.registry), which looks them up, exports and erases
them on request. The organisation's texts, its consent to publish and the organisations
themselves are not personal data and stay.
"""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from pledges.models import (
    Entry,
    Initiative,
    Partner,
    PartnerInterest,
    Pledge,
    Submission,
    WorkspaceSignIn,
)
from privacy.registry import ANONYMISED_DOMAIN, PersonalDataSource, iso, placeholder, register

# Workspace sign-in rows are needed only while their link works and for the hourly count.
SIGN_IN_RETENTION = timedelta(days=1)
CLOSED_STATUSES = (Entry.Status.REJECTED, Entry.Status.WITHDRAWN)


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "title": {"fi": entry.title_fi or "", "sv": entry.title_sv or ""},
        "text": {"fi": entry.text_fi or "", "sv": entry.text_sv or ""},
        "status": entry.status,
        "published_at": iso(entry.published_at),
        "received_at": iso(entry.created_at),
    }


def submissions_find(email: str) -> QuerySet:
    return (
        Submission.objects.filter(contact_email__iexact=email)
        .select_related("organisation", "campaign")
        .prefetch_related("pledges", "initiatives", "partners__organisation")
        .order_by("created_at", "pk")
    )


def submissions_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "organisation": {"id": s.organisation_id, "name": s.organisation.name},
            "campaign": str(s.campaign),
            "contact_name": s.contact_name,
            "contact_email": s.contact_email,
            "contact_phone": s.contact_phone,
            "language": s.language,
            "consent_to_publish": s.consent_to_publish,
            "consent_given_at": iso(s.consent_given_at),
            "consent_text_version": s.consent_text_version,
            "received_at": iso(s.created_at),
            "pledges": [_entry(e) for e in s.pledges.all()],
            "initiatives": [_entry(e) for e in s.initiatives.all()],
            # Partners' contact addresses are other people's data: names only.
            "partner_organisations": [
                {"name": p.organisation.name, "status": p.status} for p in s.partners.all()
            ],
        }
        for s in rows
    ]


def submissions_erase(rows: QuerySet, *, now: datetime) -> None:
    """Contact name and phone emptied, the address replaced by a placeholder; the pledge and
    initiative texts, the organisation and its consent to publish stay."""
    rows.update(contact_name="", contact_phone="", contact_email=placeholder("submission"))


def submissions_expired(cutoff: datetime) -> QuerySet:
    """Submissions whose every entry is rejected or withdrawn, with nothing in the entries'
    audit history (a status change, a selection, an edit) since `cutoff`, and whose contact
    is not anonymised yet."""
    closed = {"status__in": CLOSED_STATUSES}
    entries = {
        model: model.objects.filter(submission=OuterRef("pk")) for model in (Pledge, Initiative)
    }
    recent = {
        model: AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            created_at__gte=cutoff,
        )
        for model in (Pledge, Initiative)
    }
    return (
        Submission.objects.filter(created_at__lt=cutoff)
        .exclude(contact_email__endswith=f"@{ANONYMISED_DOMAIN}")
        .filter(Exists(entries[Pledge]) | Exists(entries[Initiative]))
        .exclude(Exists(entries[Pledge].exclude(**closed)))
        .exclude(Exists(entries[Initiative].exclude(**closed)))
        .exclude(Exists(entries[Pledge].filter(Exists(recent[Pledge]))))
        .exclude(Exists(entries[Initiative].filter(Exists(recent[Initiative]))))
    )


def submissions_anonymise(rows: QuerySet, *, now: datetime) -> dict[str, Any]:
    """A closed submission's contact goes, and so do the partner contacts named in it."""
    partners = Partner.objects.filter(submission__in=rows.values("pk"))
    partner_ids = list(partners.order_by("pk").values_list("pk", flat=True))
    submissions_erase(rows, now=now)
    Partner.objects.filter(pk__in=partner_ids).update(contact_email=placeholder("partner"))
    return {"partners": partner_ids}


def partners_find(email: str) -> QuerySet:
    return (
        Partner.objects.filter(contact_email__iexact=email)
        .select_related("organisation", "submission__organisation")
        .order_by("pk")
    )


def partners_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "organisation": p.organisation.name,
            "named_by": p.submission.organisation.name,
            "contact_email": p.contact_email,
            "status": p.status,
            "responded_at": iso(p.responded_at),
        }
        for p in rows
    ]


def partners_erase(rows: QuerySet, *, now: datetime) -> None:
    rows.update(contact_email=placeholder("partner"))


def partner_interests_find(email: str) -> QuerySet:
    return (
        PartnerInterest.objects.filter(email__iexact=email)
        .select_related("initiative")
        .order_by("created_at", "pk")
    )


def partner_interests_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": i.pk,
            "initiative": {"id": i.initiative_id, "title": str(i.initiative)},
            "organisation_name": i.organisation_name,
            "contact_name": i.contact_name,
            "email": i.email,
            "message": i.message,
            "received_at": iso(i.created_at),
        }
        for i in rows
    ]


def partner_interests_erase(rows: QuerySet, *, now: datetime) -> None:
    # The message is the person's own words, often signed: it goes too.
    rows.update(contact_name="", message="", email=placeholder("interest"))


def workspace_sign_ins_find(email: str) -> QuerySet:
    return WorkspaceSignIn.objects.filter(email__iexact=email).order_by("created_at", "pk")


def workspace_sign_ins_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "email": row.email,
            "language": row.language,
            "created_at": iso(row.created_at),
            "used_at": iso(row.used_at),
        }
        for row in rows
    ]


def workspace_sign_ins_erase(rows: QuerySet, *, now: datetime) -> None:
    rows.delete()


def workspace_sign_ins_expired(cutoff: datetime) -> QuerySet:
    """Sign-in links older than a day, whatever the general retention `cutoff`: a link
    works for 15 minutes and the hourly limit counts back one hour."""
    return WorkspaceSignIn.objects.filter(created_at__lt=timezone.now() - SIGN_IN_RETENTION)


register(
    PersonalDataSource(
        key="submissions",
        label=_("Submissions (contact person)"),
        find=submissions_find,
        export=submissions_export,
        erase=submissions_erase,
        expired=submissions_expired,
        anonymise=submissions_anonymise,
    )
)
register(
    PersonalDataSource(
        key="partners",
        section="partner_confirmations",
        label=_("Partner confirmations"),
        find=partners_find,
        export=partners_export,
        erase=partners_erase,
    )
)
register(
    PersonalDataSource(
        key="partner_interests",
        label=_("Partner interest messages"),
        find=partner_interests_find,
        export=partner_interests_export,
        erase=partner_interests_erase,
    )
)
register(
    PersonalDataSource(
        key="workspace_sign_ins",
        label=_("Workspace sign-in links"),
        find=workspace_sign_ins_find,
        export=workspace_sign_ins_export,
        erase=workspace_sign_ins_erase,
        expired=workspace_sign_ins_expired,
    )
)
