"""The weekly summary of an open round for the Communications group: how many have answered,
and which organisation types and regions to remind (few answers so far)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from barometer.models import RESPONSE_REGION_CHOICES, Response, Survey
from core.roles import COMMUNICATIONS
from mailings.services import transactional_mail_queue
from pledges.models import Organisation

TEMPLATE = "barometer_weekly_summary"
# A group with fewer submitted responses than this is marked "remind" in the summary.
REMIND_BELOW = 5
WEEK = timedelta(days=7)
# Staff accounts hold no language of their own, so the summary is written in both.
MAIL_LANGUAGES = ("fi", "sv")


def _recipients():
    return (
        get_user_model()
        .objects.filter(groups__name=COMMUNICATIONS, is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _found(survey: Survey, field: str) -> dict[str, int]:
    """Submitted responses per stored value of `field`."""
    return dict(
        Response.objects.filter(survey=survey, submitted_at__isnull=False)
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by()
    )


def _counts(found: dict[str, int], choices: list[tuple[str, str]], language: str) -> list[dict]:
    """Every group (none left out, so a group without answers shows), most first."""
    with translation.override(language):
        rows = [
            {
                "label": str(label),
                "count": found.get(key, 0),
                "remind": found.get(key, 0) < REMIND_BELOW,
            }
            for key, label in choices
        ]
        known = {key for key, _label in choices}
        # A value no longer among the choices still counts, under its stored key.
        rows += [
            {"label": key, "count": n, "remind": False}
            for key, n in found.items()
            if key and key not in known
        ]
        if found.get(""):
            rows.append({"label": gettext("not answered"), "count": found[""], "remind": False})
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def summary_context(*, survey: Survey, now: datetime) -> dict:
    """What the summary of `survey` says at `now` (JSON-serialisable, per mail language)."""
    submitted = Response.objects.filter(survey=survey, submitted_at__isnull=False).aggregate(
        total=Count("pk"), new=Count("pk", filter=Q(submitted_at__gt=now - WEEK))
    )
    closes = timezone.localtime(survey.closes_at)
    by_type, by_region = _found(survey, "organisation_type"), _found(survey, "region")
    parts = []
    for language in MAIL_LANGUAGES:
        with translation.override(language):
            parts.append(
                {
                    "language": language,
                    "title": getattr(survey, f"title_{language}") or survey.title,
                    "closes": date_format(closes, "DATE_FORMAT"),
                    "by_type": _counts(by_type, list(Organisation.Type.choices), language),
                    "by_region": _counts(by_region, RESPONSE_REGION_CHOICES, language),
                }
            )
    return {
        "year": survey.year,
        "total": submitted["total"],
        "new": submitted["new"],
        "remind_below": REMIND_BELOW,
        "admin_url": settings.SITE_URL + reverse("admin:barometer_survey_change", args=[survey.pk]),
        "parts": parts,
    }


def weekly_summaries_queue(*, now: datetime | None = None) -> int:
    """Mail each active Communications staff member a summary of every open round.

    Side effects: one transactional mail per (open round, recipient), queued in the outbox
    and sent after the commit. The dedupe key holds the round, the ISO week and the
    recipient, so a second run in the same week (a re-delivered task, two beat processes)
    queues nothing. Nothing is queued while no round is open. Returns how many were queued
    or found already queued.
    """
    now = now or timezone.now()
    surveys = list(Survey.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("-year"))
    if not surveys:
        return 0
    iso_year, iso_week, _day = timezone.localtime(now).isocalendar()
    recipients = list(_recipients())
    count = 0
    with transaction.atomic():
        for survey in surveys:
            context = summary_context(survey=survey, now=now)
            for member in recipients:
                transactional_mail_queue(
                    to=member.email,
                    template=TEMPLATE,
                    # The body holds both languages; Finnish is the portal's default.
                    language=settings.LANGUAGE_CODE,
                    dedupe_key=(
                        f"barometer:weekly-summary:{survey.pk}:{iso_year}-W{iso_week:02d}"
                        f":{member.pk}"
                    ),
                    context=context,
                )
                count += 1
    return count
