"""Staff exports of submissions, organisations and contact persons (CSV and XLSX).

The admin actions export the queryset the admin hands them: the ticked rows, or, after
"Select all N" in the changelist (shown when every row of the page is ticked), every row
matching the current search and filters. CSV is UTF-8 with a BOM and `;`-separated, as
Finnish Excel expects; cells beginning with = + - @ (or tab, CR) get an apostrophe first.
"""

from collections.abc import Iterable, Sequence

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from pledges.models import Initiative, Organisation, Partner, Pledge, Submission
from privacy.registry import ANONYMISED_DOMAIN


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _titles(entries) -> str:
    return "\n".join(
        entry.title_fi or entry.title_sv or "" for entry in sorted(entries, key=lambda e: e.pk)
    )


def submissions_table(
    submissions: QuerySet, *, with_contacts: bool = True
) -> tuple[str, list[str], Iterable[Sequence]]:
    """One row per submission; the contact person's columns only `with_contacts`."""
    contact_header = [_("Contact name"), _("Contact email"), _("Contact phone")]
    header = [
        _("ID"),
        _("Organisation"),
        _("Business ID"),
        _("Campaign"),
        *(contact_header if with_contacts else []),
        _("Language"),
        _("Consent to publish"),
        _("Consent given"),
        _("Consent text version"),
        _("Pledges"),
        _("Initiatives"),
        _("Received"),
    ]
    rows = (
        [
            s.pk,
            s.organisation.name,
            s.organisation.business_id,
            str(s.campaign),
            *([s.contact_name, s.contact_email, s.contact_phone] if with_contacts else []),
            s.language,
            _yes_no(s.consent_to_publish),
            _time(s.consent_given_at),
            s.consent_text_version,
            _titles(s.pledges.all()),
            _titles(s.initiatives.all()),
            _time(s.created_at),
        ]
        for s in submissions.select_related("organisation", "campaign")
        .prefetch_related(
            Prefetch(
                "pledges",
                queryset=Pledge.objects.only("pk", "title_fi", "title_sv", "submission_id"),
            ),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.only("pk", "title_fi", "title_sv", "submission_id"),
            ),
        )
        .iterator(chunk_size=500)
    )
    return _("Submissions"), header, rows


def organisations_table(organisations: QuerySet) -> tuple[str, list[str], Iterable[Sequence]]:
    header = [
        _("ID"),
        _("Name"),
        _("Type"),
        _("Business ID"),
        _("Municipality"),
        _("Municipality code"),
        _("Region"),
        _("Website"),
        _("Submissions"),
        _("Pledges"),
        _("Initiatives"),
        _("Created"),
    ]
    counted = organisations.select_related("municipality").annotate(
        n_submissions=Count("submissions", distinct=True),
        n_pledges=Count("pledges", distinct=True),
        n_initiatives=Count("initiatives", distinct=True),
    )
    rows = (
        [
            o.pk,
            o.name,
            o.get_type_display(),
            o.business_id,
            # In the export's language (the admin's), "Nationwide" or empty when not known.
            o.place,
            o.municipality_id or "",
            o.get_region_display(),
            o.website,
            o.n_submissions,
            o.n_pledges,
            o.n_initiatives,
            _time(o.created_at),
        ]
        for o in counted
    )
    return _("Organisations"), header, rows


def contacts_table(queryset: QuerySet) -> tuple[str, list[str], Iterable[Sequence]]:
    """Contact persons of submissions, or of organisations (their submissions' contacts and
    their partner contacts); anonymised contacts are left out."""
    if queryset.model is Organisation:
        submissions = Submission.objects.filter(organisation__in=queryset)
        partners = Partner.objects.filter(organisation__in=queryset)
    else:
        submissions = queryset
        partners = Partner.objects.filter(submission__in=queryset)
    anonymised = f"@{ANONYMISED_DOMAIN}"
    header = [
        _("Organisation"),
        _("Role"),
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Language"),
        _("Submission"),
        _("Campaign"),
        _("Received"),
    ]

    def rows():
        for s in (
            submissions.exclude(contact_email__endswith=anonymised)
            .select_related("organisation", "campaign")
            .order_by("organisation__name", "pk")
        ):
            yield [
                s.organisation.name,
                _("contact person"),
                s.contact_name,
                s.contact_email,
                s.contact_phone,
                s.language,
                s.pk,
                str(s.campaign),
                _time(s.created_at),
            ]
        for p in (
            partners.exclude(contact_email__endswith=anonymised)
            .select_related("organisation", "submission__campaign")
            .order_by("organisation__name", "pk")
        ):
            yield [
                p.organisation.name,
                _("partner contact (%(status)s)") % {"status": p.get_status_display()},
                "",
                p.contact_email,
                "",
                "",
                p.submission_id,
                str(p.submission.campaign),
                _time(p.submission.created_at),
            ]

    return _("Contacts"), header, rows()


def _table(queryset: QuerySet, *, with_contacts: bool):
    if queryset.model is Organisation:
        return organisations_table(queryset)
    return submissions_table(queryset, with_contacts=with_contacts)


def _with_contacts(modeladmin, request) -> bool:
    # core.admin_mixins.ContactDetailsMixin: contact details only for roles handling them.
    return modeladmin.has_contact_details_permission(request)


def _download(content: bytes, *, name: str, extension: str, content_type: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{extension}"'
    return response


def _csv(table, name: str) -> HttpResponse:
    _title, header, rows = table
    return _download(
        csv_bytes(header, rows), name=name, extension="csv", content_type=CSV_CONTENT_TYPE
    )


def _xlsx(table, name: str) -> HttpResponse:
    title, header, rows = table
    return _download(
        xlsx_bytes(title, header, rows), name=name, extension="xlsx", content_type=XLSX_CONTENT_TYPE
    )


def _name(queryset: QuerySet) -> str:
    return "organisations" if queryset.model is Organisation else "submissions"


def export_csv(modeladmin, request, queryset) -> HttpResponse:
    table = _table(queryset, with_contacts=_with_contacts(modeladmin, request))
    return _csv(table, _name(queryset))


def export_xlsx(modeladmin, request, queryset) -> HttpResponse:
    table = _table(queryset, with_contacts=_with_contacts(modeladmin, request))
    return _xlsx(table, _name(queryset))


def export_contacts_csv(modeladmin, request, queryset) -> HttpResponse:
    return _csv(contacts_table(queryset), "contacts")


def export_contacts_xlsx(modeladmin, request, queryset) -> HttpResponse:
    return _xlsx(contacts_table(queryset), "contacts")


# Admin action labels (set here, not with @admin.action, so one function serves both admins).
export_csv.short_description = gettext_lazy("Export as CSV (Excel, ; separated)")
export_xlsx.short_description = gettext_lazy("Export as Excel (XLSX)")
export_contacts_csv.short_description = gettext_lazy("Export contact persons as CSV")
export_contacts_xlsx.short_description = gettext_lazy("Export contact persons as Excel (XLSX)")
export_csv.allowed_permissions = export_xlsx.allowed_permissions = ("view",)
# Only for roles that handle contact details (has_contact_details_permission; Django
# offers an action to those holding *any* of its permissions, so this one alone).
export_contacts_csv.allowed_permissions = ("contact_details",)
export_contacts_xlsx.allowed_permissions = ("contact_details",)
