"""Reads of the barometer for the public pages: which round is open, which have results."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from barometer.models import Survey


def survey_open(*, at=None) -> Survey | None:
    """The round taking answers now (the latest, should two overlap), or None."""
    at = at or timezone.now()
    return Survey.objects.filter(opens_at__lte=at, closes_at__gt=at).order_by("-year").first()


def surveys_with_results(*, at=None) -> QuerySet[Survey]:
    """Closed rounds, newest first: only a closed round's results are public."""
    at = at or timezone.now()
    return Survey.objects.filter(closes_at__lte=at).order_by("-year")


def survey_with_results(*, year: int, at=None) -> Survey | None:
    return surveys_with_results(at=at).filter(year=year).first()


def barometer_teaser(*, at=None) -> dict | None:
    """What the home page says of the barometer, in one query: the open round (answer it
    by its closing date), else the latest closed round with its number of respondents,
    else None. Every round that has opened is either open or closed."""
    at = at or timezone.now()
    survey = (
        Survey.objects.filter(opens_at__lte=at)
        .annotate(
            is_open=ExpressionWrapper(Q(closes_at__gt=at), output_field=BooleanField()),
            respondents=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
        )
        .order_by("-is_open", "-year")
        .first()
    )
    if survey is None:
        return None
    return {"survey": survey, "is_open": survey.is_open, "respondents": survey.respondents}
