"""Reads of pledges and initiatives. Anything public goes through these functions.

Public means: published by staff AND the submitter consented to publication. Every public
list, detail page, search, feed, sitemap and count must start from here.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.models import Municipality
from pledges.models import Award, Entry, Initiative, Organisation, Partner, Pledge
from pledges.progress import ProgressReport, ProgressStatus


def pledges_public() -> QuerySet[Pledge]:
    return Pledge.objects.filter(status=Entry.Status.PUBLISHED, submission__consent_to_publish=True)


def initiatives_public() -> QuerySet[Initiative]:
    return Initiative.objects.filter(
        status=Entry.Status.PUBLISHED, submission__consent_to_publish=True
    )


def partners_confirmed(entry: Entry) -> QuerySet[Partner]:
    """The entry's partner organisations that have confirmed (only these are public)."""
    return (
        Partner.objects.filter(submission_id=entry.submission_id, status=Partner.Status.CONFIRMED)
        .select_related("organisation__municipality")
        .order_by("organisation__name")
    )


def municipalities_public() -> QuerySet[Municipality]:
    """Municipalities of the organisations behind a public pledge or initiative."""
    return Municipality.objects.filter(
        Exists(pledges_public().filter(organisation__municipality=OuterRef("pk")))
        | Exists(initiatives_public().filter(organisation__municipality=OuterRef("pk")))
    )


def progress_reports_public(pledge: Pledge | None = None) -> QuerySet[ProgressReport]:
    """Published progress reports of public pledges (a report is never public before
    staff publish it), newest period first, with their indicator values."""
    reports = ProgressReport.objects.filter(
        review=ProgressReport.Review.PUBLISHED, pledge__in=pledges_public()
    )
    if pledge is not None:
        reports = reports.filter(pledge=pledge)
    return reports.order_by("-period", "-submitted_at").prefetch_related("values")


def progress_figures(*, year: int | None = None) -> dict[str, int]:
    """Programme-wide progress figures for the theme and home pages: public pledges with a
    published report sent in `year` (default: this year), and completed public pledges."""
    year = year or timezone.localdate().year
    reported = pledges_public().filter(
        Exists(
            ProgressReport.objects.filter(
                pledge=OuterRef("pk"),
                review=ProgressReport.Review.PUBLISHED,
                submitted_at__year=year,
            )
        )
    )
    return {
        "reported_this_year": reported.count(),
        "completed": pledges_public().filter(progress_status=ProgressStatus.COMPLETED).count(),
    }


def _joined_filter(organisation) -> Q:
    """Initiatives whose submission names `organisation` (an id or an OuterRef) as a
    confirmed partner."""
    return Q(
        Exists(
            Partner.objects.filter(
                submission=OuterRef("submission"),
                organisation=organisation,
                status=Partner.Status.CONFIRMED,
            )
        )
    )


def organisations_public() -> QuerySet[Organisation]:
    """Organisations with a public page: the lead organisation of at least one public pledge
    or initiative (public includes consent), or a confirmed partner of a public initiative.
    Awards are only ever given to entries, so an awarded organisation is already here."""
    return Organisation.objects.filter(
        Exists(pledges_public().filter(organisation=OuterRef("pk")))
        | Exists(initiatives_public().filter(organisation=OuterRef("pk")))
        | Exists(initiatives_public().filter(_joined_filter(OuterRef(OuterRef("pk")))))
    )


def organisation_public(pk: int) -> Organisation | None:
    """The organisation if it has a public page (organisations_public), else None."""
    return organisations_public().select_related("municipality").filter(pk=pk).first()


def _cards(entries: QuerySet) -> QuerySet:
    """Public entries as the entry cards show them, newest first, in a constant number of
    queries."""
    return (
        entries.select_related("organisation", "campaign")
        .prefetch_related("themes", "awards")
        .order_by("-published_at", "-pk")
    )


def organisation_entries_public(organisation: Organisation) -> dict:
    """What the public organisation page lists: its public pledges and initiatives, the
    public initiatives it joined as a confirmed partner, the awards of its public entries
    and its latest published progress reports (newest 5)."""
    pledges = pledges_public().filter(organisation=organisation)
    initiatives = initiatives_public().filter(organisation=organisation)
    joined = (
        initiatives_public()
        .filter(_joined_filter(organisation.pk))
        .exclude(organisation=organisation)
    )
    awards = Award.objects.filter(
        Q(pledges__in=pledges.values("pk")) | Q(initiatives__in=initiatives.values("pk"))
    ).distinct()
    reports = (
        progress_reports_public()
        .filter(pledge__organisation=organisation)
        .select_related("pledge")[:5]
    )
    return {
        "pledges": list(_cards(pledges)),
        "initiatives": list(_cards(initiatives)),
        "joined": list(_cards(joined)),
        "awards": list(awards.order_by("-year", "name_fi", "pk")),
        "reports": list(reports),
    }
