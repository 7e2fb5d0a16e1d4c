"""Reads of pledges and initiatives. Anything public goes through these functions.

Public means: published by staff AND the submitter consented to publication. Every public
list, detail page, search, feed, sitemap and count must start from here.
"""

from django.db.models import Exists, OuterRef, QuerySet

from core.models import Municipality
from pledges.models import Entry, Initiative, Partner, Pledge


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
