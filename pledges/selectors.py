"""Reads of pledges and initiatives. Anything public goes through these functions.

Public means: published by staff AND the submitter consented to publication. Every public
list, detail page, search, feed, sitemap and count must start from here.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from core.models import Municipality
from pledges.models import Entry, Initiative, Partner, Pledge
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
