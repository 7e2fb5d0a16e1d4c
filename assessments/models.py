"""Assessment of shortlisted entries: a rubric per campaign, jurors' scores, conflicts.

A juror scores a shortlisted pledge or initiative per criterion of the campaign's rubric,
after declaring that they have no conflict of interest; curators then move the entry
shortlisted → selected → awarded (assessments.services).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pledges.models import EntryReference, Initiative, Pledge, one_entry_constraint
from programmes.models import Campaign

SCORE_MIN = 0
SCORE_MAX = 5


class Rubric(models.Model):
    """The scoring rubric of one campaign."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="rubric", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=250)

    class Meta:
        ordering = ["-campaign__opens_at"]
        verbose_name = _("scoring rubric")
        verbose_name_plural = _("scoring rubrics")

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("A positive number; a criterion of weight 2 counts twice as much as 1."),
    )

    class Meta:
        ordering = ["rubric", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("The weight must be positive."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Shortlisting(EntryReference):
    """A pledge or an initiative on a campaign's shortlist, and how far it has got."""

    class Stage(models.TextChoices):
        SHORTLISTED = "shortlisted", _("shortlisted")
        SELECTED = "selected", _("selected")
        AWARDED = "awarded", _("awarded")

    pledge = models.OneToOneField(
        Pledge,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shortlisting",
        verbose_name=_("pledge"),
    )
    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shortlisting",
        verbose_name=_("initiative"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="shortlistings",
        verbose_name=_("campaign"),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.SHORTLISTED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shortlisted by"),
    )
    created_at = models.DateTimeField(_("shortlisted"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "created_at", "pk"]
        verbose_name = _("shortlisted entry")
        verbose_name_plural = _("shortlisted entries")
        constraints = [one_entry_constraint("shortlisting_one_entry")]

    def __str__(self) -> str:
        return str(self.entry)


class ConflictDeclaration(models.Model):
    """A juror's answer, per shortlisted entry, to "do you have a conflict of interest?"."""

    shortlisting = models.ForeignKey(
        Shortlisting,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("shortlisted entry"),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("juror"),
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    explanation = models.TextField(_("explanation"), max_length=2000, blank=True)
    declared_at = models.DateTimeField(_("declared"), auto_now=True)

    class Meta:
        ordering = ["shortlisting", "juror"]
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["shortlisting", "juror"], name="conflict_declaration_once_per_juror"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.shortlisting}"


class Score(models.Model):
    shortlisting = models.ForeignKey(
        Shortlisting,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("shortlisted entry"),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessment_scores",
        verbose_name=_("juror"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["shortlisting", "juror", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["shortlisting", "juror", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                name="score_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
