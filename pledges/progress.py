"""Progress reporting of pledges: indicators, reports, their values and the reminders.

A pledge with a reporting interval (3, 6 or 12 months) is due a report at the end of each
period counted from `reporting_starts_on`; period 1 ends one interval after that date.
The submitter sets the indicators through the private status link and writes each report
through the signed link of the reminder mail; staff publish or return reports in the admin.
Only published reports of public pledges are shown (pledges.selectors).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    """A pledge's progress as the public lists filter it (denormalised on Pledge)."""

    NONE = "", _("no reports yet")
    ON_TRACK = "on_track", _("on track")
    DELAYED = "delayed", _("delayed")
    COMPLETED = "completed", _("completed")
    DISCONTINUED = "discontinued", _("discontinued")
    OVERDUE = "overdue", _("report overdue")


# The statuses a report can give (overdue is never reported, only noticed by the reminders).
REPORT_STATUSES = [
    (ProgressStatus.ON_TRACK.value, ProgressStatus.ON_TRACK.label),
    (ProgressStatus.DELAYED.value, ProgressStatus.DELAYED.label),
    (ProgressStatus.COMPLETED.value, ProgressStatus.COMPLETED.label),
    (ProgressStatus.DISCONTINUED.value, ProgressStatus.DISCONTINUED.label),
]
# A pledge with one of these is no longer asked for reports.
FINAL_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.DISCONTINUED)


class Indicator(models.Model):
    """A measurable indicator of a pledge, reported at each period."""

    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("pledge"),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name_fi or self.name_sv or self.name or ""


class ProgressReport(models.Model):
    """One period's report of a pledge; public only once staff have published it."""

    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for review")
        PUBLISHED = "published", _("published")
        RETURNED = "returned", _("returned to the submitter")

    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("pledge"),
    )
    period = models.PositiveSmallIntegerField(_("period"))
    period_end = models.DateField(_("period ends"))
    status = models.CharField(_("progress"), max_length=20, choices=REPORT_STATUSES)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    link = models.URLField(_("link"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    review = models.CharField(
        _("review"),
        max_length=20,
        choices=Review.choices,
        default=Review.SUBMITTED,
        db_index=True,
    )
    returned_message = models.TextField(_("message to the submitter"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        ordering = ["pledge", "period", "-submitted_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        permissions = [("publish_progressreport", "Can publish or return progress reports")]
        constraints = [
            # One live report per period: a returned one may be followed by a new one.
            models.UniqueConstraint(
                fields=["pledge", "period"],
                condition=~models.Q(review="returned"),
                name="progressreport_one_live_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pledge} · {self.period}"


class IndicatorValue(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["indicator__position", "indicator_id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="indicatorvalue_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class ReportReminder(models.Model):
    """A reminder mail sent for one period: the database's half of reminder idempotence."""

    class Kind(models.TextChoices):
        FIRST = "first", _("first reminder")
        SECOND = "second", _("second reminder")

    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        related_name="report_reminders",
        verbose_name=_("pledge"),
    )
    period = models.PositiveSmallIntegerField(_("period"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["pledge", "period", "kind"]
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "period", "kind"], name="reportreminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pledge} · {self.period} · {self.kind}"
