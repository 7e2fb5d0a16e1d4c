"""Writes of progress reporting: indicators, reports, their review and the reminders.

The submitter sets the indicators through the private status link (STATUS_LINK) and sends
each period's report through the signed link of the reminder mail (REPORT_LINK, which names
the pledge and the period). Staff publish or return reports in the admin; every change
leaves an audit event. `reminders_send` is the daily beat job: it mails a reminder when a
report falls due, a second one after 14 days, and marks the pledge overdue after 30 days.
It is idempotent: each reminder is a ReportReminder row (unique per pledge, period and kind)
written in the same transaction as its outbox row, which carries a dedupe key of its own.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.signing import BadToken, SignedPairLink
from mailings.rendering import absolute_url
from mailings.services import transactional_mail_queue
from pledges.models import Entry, Pledge
from pledges.progress import (
    FINAL_STATUSES,
    Indicator,
    IndicatorValue,
    ProgressReport,
    ProgressStatus,
    ReportReminder,
)

SECOND_REMINDER_AFTER = timedelta(days=14)
OVERDUE_AFTER = timedelta(days=30)
MAX_INDICATORS = 5


class ReportRefused(Exception):
    """A report or an indicator change that is not allowed; the message fits the user."""


@dataclass(frozen=True)
class IndicatorData:
    name_fi: str
    name_sv: str
    unit: str
    baseline: Decimal
    target: Decimal
    target_date: date | None = None
    # An existing indicator of the pledge to change, or None for a new one.
    id: int | None = None


# A reminder's link works through the period's grace time and well beyond (a late report is
# still welcome), but not for ever.
REPORT_LINK = SignedPairLink("pledges.progress-report", max_age=timedelta(days=180))


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the month's last day when needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(pledge: Pledge, period: int) -> date:
    """The day period `period` (1, 2, ...) of the pledge's reporting ends: its report is due."""
    return add_months(pledge.reporting_starts_on, period * pledge.report_interval_months)


def period_due(pledge: Pledge, today: date) -> int:
    """The latest period whose report is due on `today` (0: none yet)."""
    if not pledge.report_interval_months or pledge.reporting_starts_on is None:
        return 0
    period = 0
    while period_end(pledge, period + 1) <= today:
        period += 1
    return period


def report_url(pledge: Pledge, period: int, language: str) -> str:
    """The absolute link to the report form of one period, in `language`."""
    return absolute_url(
        language,
        "participate:report",
        pk=pledge.pk,
        token=REPORT_LINK.make(pledge.pk, period),
    )


def _title(pledge: Pledge) -> str:
    return (
        getattr(pledge, f"title_{pledge.original_language}", "")
        or pledge.title_fi
        or pledge.title_sv
        or ""
    )


@transaction.atomic(durable=True)
def indicators_set(
    *,
    pledge: Pledge,
    report_interval_months: int | None,
    indicators: list[IndicatorData],
    by: AbstractBaseUser | None = None,
) -> list[Indicator]:
    """Set a pledge's reporting interval and its indicators, in the order given.

    Side effects: the interval (and the reporting start, today, the first time one is set);
    indicators named by id are changed, new ones created, the others removed; an audit
    event. Raises ReportRefused for more than MAX_INDICATORS indicators, an id of another
    pledge, or the removal of an indicator that already has reported values.
    """
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if len(indicators) > MAX_INDICATORS:
        raise ReportRefused(_("A pledge can have at most %(count)d indicators.") % {"count": 5})
    existing = {i.pk: i for i in locked.indicators.all()}
    kept = {data.id for data in indicators if data.id is not None}
    if not kept <= set(existing):
        raise ReportRefused(_("The form was out of date: open the page again."))
    removed = [i for pk, i in existing.items() if pk not in kept]
    if IndicatorValue.objects.filter(indicator__in=removed).exists():
        raise ReportRefused(_("An indicator that already has reported values cannot be removed."))
    for indicator in removed:
        indicator.delete()
    result = []
    for position, data in enumerate(indicators):
        indicator = existing.get(data.id) or Indicator(pledge=locked)
        # The untranslated field first: modeltranslation writes it to the active language.
        indicator.name = data.name_fi or data.name_sv
        indicator.name_fi = data.name_fi
        indicator.name_sv = data.name_sv
        indicator.unit = data.unit
        indicator.baseline = data.baseline
        indicator.target = data.target
        indicator.target_date = data.target_date
        indicator.position = position
        indicator.save()
        result.append(indicator)
    fields = []
    if locked.report_interval_months != report_interval_months:
        locked.report_interval_months = report_interval_months
        fields.append("report_interval_months")
    if report_interval_months and locked.reporting_starts_on is None:
        locked.reporting_starts_on = timezone.localdate()
        fields.append("reporting_starts_on")
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
    pledge.report_interval_months = locked.report_interval_months
    pledge.reporting_starts_on = locked.reporting_starts_on
    audit_record(
        action=AuditEvent.Action.STATUS_CHANGED,
        obj=locked,
        actor=by,
        actor_label="" if by is not None and by.is_authenticated else "submitter",
        after={
            "report_interval_months": report_interval_months,
            "indicators": [data.name_fi or data.name_sv for data in indicators],
        },
        note="Indicators set",
        object_repr=_title(locked),
    )
    return result


def report_pledge_from_token(token: str, pk: int) -> tuple[Pledge, int]:
    """The pledge and period a report link names, checked against the address's pledge id.

    Raises BadToken when the link is tampered with, expired, made for another pledge, or
    names a period not yet due or a pledge that is not published.
    """
    pledge_id, period = REPORT_LINK.read(token)
    if pledge_id != pk or period < 1:
        raise BadToken("another pledge")
    pledge = (
        Pledge.objects.select_related("submission")
        .filter(pk=pledge_id, status=Entry.Status.PUBLISHED)
        .first()
    )
    if pledge is None or not pledge.report_interval_months or not pledge.reporting_starts_on:
        raise BadToken("no such pledge")
    return pledge, period


def period_reported(pledge: Pledge, period: int) -> bool:
    """True if the period has a report waiting for review or published."""
    return (
        ProgressReport.objects.filter(pledge=pledge, period=period)
        .exclude(review=ProgressReport.Review.RETURNED)
        .exists()
    )


@transaction.atomic(durable=True)
def report_submit(
    *,
    token: str,
    pk: int,
    status: str,
    text_fi: str = "",
    text_sv: str = "",
    link: str = "",
    values: dict[int, Decimal],
    language: str,
) -> ProgressReport:
    """Save a period's report sent through a reminder's link; it waits for staff review.

    Side effects: the report with a value per indicator (`values` maps indicator ids to
    values), an audit event, and an "overdue" mark taken off the pledge. Raises BadToken
    for a bad link (tampered, expired, another pledge) and ReportRefused if the period
    already has a live report, a value names another pledge's indicator, or both texts
    are empty.
    """
    pledge, period = report_pledge_from_token(token, pk)
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if period_reported(locked, period):
        raise ReportRefused(_("This period has already been reported. Thank you!"))
    if not (text_fi.strip() or text_sv.strip()):
        raise ReportRefused(_("Write the report in Finnish, in Swedish or in both."))
    indicators = {i.pk: i for i in locked.indicators.all()}
    if not set(values) <= set(indicators):
        raise ReportRefused(_("The form was out of date: open the page again."))
    if status not in {value for value, _label in ProgressReport._meta.get_field("status").choices}:
        raise ReportRefused(_("Choose the status of progress."))
    report = ProgressReport(
        pledge=locked,
        period=period,
        period_end=period_end(locked, period),
        status=status,
        link=link,
        language=language,
    )
    # The untranslated field first: modeltranslation writes it to the active language.
    report.text = text_fi or text_sv
    report.text_fi, report.text_sv = text_fi, text_sv
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ReportRefused(_("This period has already been reported. Thank you!")) from exc
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=report, indicator=indicators[pk_], value=value)
        for pk_, value in values.items()
    )
    if locked.progress_status == ProgressStatus.OVERDUE:
        locked.progress_status = _published_status(locked)
        locked.report_overdue_since = None
        locked.save(update_fields=["progress_status", "report_overdue_since"])
    audit_record(
        action=AuditEvent.Action.SUBMITTED,
        obj=report,
        actor_label="submitter",
        after={"period": period, "status": status},
    )
    return report


def _published_status(pledge: Pledge) -> str:
    latest = (
        pledge.progress_reports.filter(review=ProgressReport.Review.PUBLISHED)
        .order_by("-period", "-submitted_at")
        .first()
    )
    return latest.status if latest else ProgressStatus.NONE


def _lock_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("pledge").get(pk=report.pk)


@transaction.atomic(durable=True)
def report_publish(*, report: ProgressReport, by: AbstractBaseUser | None) -> bool:
    """Publish a report: it shows on the pledge's public page, and its status becomes the
    pledge's progress status (completed or discontinued stop the reminders).

    Side effects: the review state and time, the pledge's progress status, an audit event.
    False if it was already published. Raises ReportRefused for a returned report.
    """
    locked = _lock_report(report)
    if locked.review == ProgressReport.Review.PUBLISHED:
        return False
    if locked.review == ProgressReport.Review.RETURNED:
        raise ReportRefused(
            _("A returned report cannot be published: the submitter sends a new one.")
        )
    locked.review = ProgressReport.Review.PUBLISHED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by if by is not None and by.is_authenticated else None
    locked.save(update_fields=["review", "reviewed_at", "reviewed_by"])
    pledge = Pledge.objects.select_for_update().get(pk=locked.pledge_id)
    status = _published_status(pledge)
    if pledge.progress_status != status or pledge.report_overdue_since:
        pledge.progress_status = status
        pledge.report_overdue_since = None
        pledge.save(update_fields=["progress_status", "report_overdue_since"])
    audit_record(
        action=AuditEvent.Action.PUBLISHED,
        obj=locked,
        actor=by,
        before={"review": ProgressReport.Review.SUBMITTED},
        after={"review": locked.review},
    )
    report.review = locked.review
    return True


@transaction.atomic(durable=True)
def report_return(*, report: ProgressReport, by: AbstractBaseUser | None, message: str) -> bool:
    """Return a report to the submitter with `message`: it never becomes public, and the
    period may be reported again.

    Side effects: the review state, message and time; an audit event; a mail to the
    contact (in the submission's language) with the message and a fresh report link.
    False if it was already returned. Raises ReportRefused for a published report or an
    empty message.
    """
    if not message.strip():
        raise ReportRefused(_("Write a message to the submitter."))
    locked = _lock_report(report)
    if locked.review == ProgressReport.Review.RETURNED:
        return False
    if locked.review == ProgressReport.Review.PUBLISHED:
        raise ReportRefused(_("A published report cannot be returned."))
    locked.review = ProgressReport.Review.RETURNED
    locked.returned_message = message
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by if by is not None and by.is_authenticated else None
    locked.save(update_fields=["review", "returned_message", "reviewed_at", "reviewed_by"])
    change = audit_record(
        action=AuditEvent.Action.STATUS_CHANGED,
        obj=locked,
        actor=by,
        before={"review": ProgressReport.Review.SUBMITTED},
        after={"review": locked.review},
        note=message,
    )
    pledge = locked.pledge
    submission = pledge.submission
    transactional_mail_queue(
        to=submission.contact_email,
        template="progress_report_returned",
        language=submission.language,
        dedupe_key=f"pledges:report-returned:{locked.pk}:{change.pk}",
        context={
            "title": _title(pledge),
            "message": message,
            "report_url": report_url(pledge, locked.period, submission.language),
        },
    )
    report.review = locked.review
    return True


def _reminder_send(pledge: Pledge, *, period: int, kind: str) -> bool:
    """One reminder, once: its row and its outbox mail in one transaction (savepoint)."""
    submission = pledge.submission
    try:
        with transaction.atomic():
            ReportReminder.objects.create(pledge=pledge, period=period, kind=kind)
            transactional_mail_queue(
                to=submission.contact_email,
                template="progress_report_reminder",
                language=submission.language,
                dedupe_key=f"pledges:report-reminder:{pledge.pk}:{period}:{kind}",
                context={
                    "title": _title(pledge),
                    "second": kind == ReportReminder.Kind.SECOND,
                    # Day.month.year: how both Finnish and Swedish write dates in Finland.
                    "due": "{d.day}.{d.month}.{d.year}".format(d=period_end(pledge, period)),
                    "report_url": report_url(pledge, period, submission.language),
                },
            )
    except IntegrityError:
        return False  # another worker sent it first
    return True


def reminders_pending() -> "list[int]":
    """Ids of the pledges that report: published, with an interval, not completed."""
    return list(
        Pledge.objects.filter(
            status=Entry.Status.PUBLISHED,
            submission__consent_to_publish=True,
            report_interval_months__isnull=False,
            reporting_starts_on__isnull=False,
        )
        .exclude(progress_status__in=FINAL_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """The daily beat job: reminders and overdue marks for every reporting pledge.

    For the latest period due: a first reminder on its end date, a second one 14 days later
    (and at least 14 days after the first), the pledge marked "report overdue" 30 days
    after the end date, unless the period has a report waiting or published. Completed and
    discontinued pledges are skipped. Each pledge in a transaction of its own, its row locked,
    so any number of runs and workers send each reminder once. Returns counts of what it did.
    """
    today = today or timezone.localdate()
    counts = {"first": 0, "second": 0, "overdue": 0}
    for pk in reminders_pending():
        with transaction.atomic(durable=True):
            pledge = (
                Pledge.objects.select_for_update(of=("self",))
                .select_related("submission")
                .filter(pk=pk)
                .first()
            )
            if pledge is None or pledge.progress_status in FINAL_STATUSES:
                continue
            period = period_due(pledge, today)
            if period < 1 or period_reported(pledge, period):
                continue
            due = period_end(pledge, period)
            sent = dict(
                ReportReminder.objects.filter(pledge=pledge, period=period).values_list(
                    "kind", "sent_at"
                )
            )
            first = sent.get(ReportReminder.Kind.FIRST)
            if first is None:
                counts["first"] += _reminder_send(pledge, period=period, kind="first")
            elif (
                ReportReminder.Kind.SECOND not in sent
                # Two weeks after the period ended and after the first reminder went out
                # (a job that ran late does not send both within days).
                and today >= due + SECOND_REMINDER_AFTER
                and today >= timezone.localdate(first) + SECOND_REMINDER_AFTER
            ):
                counts["second"] += _reminder_send(pledge, period=period, kind="second")
            if today >= due + OVERDUE_AFTER and pledge.progress_status != ProgressStatus.OVERDUE:
                pledge.progress_status = ProgressStatus.OVERDUE
                pledge.report_overdue_since = due + OVERDUE_AFTER
                pledge.save(update_fields=["progress_status", "report_overdue_since"])
                counts["overdue"] += 1
    return counts
