from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.municipalities import NATIONWIDE_LABEL
from core.regions import MAX_LENGTH as REGION_MAX_LENGTH
from core.regions import REGION_CHOICES
from pledges.progress import ProgressStatus
from pledges.validators import validate_business_id
from programmes.models import Campaign
from themes.models import Theme


class Organisation(models.Model):
    class Type(models.TextChoices):
        ASSOCIATION = "association", _("association or NGO")
        IMMIGRANT_ASSOCIATION = "immigrant_association", _("immigrants' own association")
        COMPANY = "company", _("company")
        MUNICIPALITY = "municipality", _("municipality")
        STATE_AUTHORITY = "state_authority", _("state authority")
        RELIGIOUS_COMMUNITY = "religious_community", _("religious community")
        EDUCATIONAL_INSTITUTION = "educational_institution", _("educational institution")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=250)
    type = models.CharField(_("type"), max_length=40, choices=Type.choices)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Finnish business ID (Y-tunnus), e.g. 1234567-8."),
    )
    # One municipality from the official list (its name is shown in the page's language), or
    # none: then `nationwide` tells an organisation working all over Finland from one whose
    # municipality is not known (a free-text value the migration could not match).
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    nationwide = models.BooleanField(
        _("nationwide"),
        default=False,
        help_text=_("Works all over Finland rather than in one municipality."),
    )
    region = models.CharField(
        _("region"), max_length=REGION_MAX_LENGTH, choices=REGION_CHOICES, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(nationwide=False) | Q(municipality__isnull=True),
                name="organisation_nationwide_has_no_municipality",
                violation_error_message=_("Choose either a municipality or nationwide, not both."),
            )
        ]
        # The public lists' filters by organisation type and region.
        indexes = [
            models.Index(fields=["type", "id"], name="organisation_type_idx"),
            models.Index(fields=["region", "id"], name="organisation_region_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The public organisation page (it exists only for organisations with something
        public: pledges.selectors.organisation_public)."""
        return reverse("organisations:detail", kwargs={"pk": self.pk, "slug": self.slug()})

    def slug(self) -> str:
        return slugify(self.name)[:60] or "-"

    @property
    def place(self) -> str:
        """Where the organisation works, in the active language: a municipality's name,
        "Nationwide", or "" when not known."""
        if self.municipality_id is not None:
            return self.municipality.name
        return str(NATIONWIDE_LABEL) if self.nationwide else ""


class Submission(models.Model):
    """One sending of the participation form, with its private contact and the consent."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("organisation"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("campaign")
    )
    # The contact person is private: never shown on a public page.
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    # Set when the submitter opens the receipt's confirm link and presses the button: only
    # then are the partners mailed, so the form cannot relay mail to strangers.
    contact_confirmed_at = models.DateTimeField(_("email address confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        # Contact persons' names, addresses and phone numbers, wherever the admin shows
        # them (core.admin_mixins.ContactDetailsMixin); only roles that handle them.
        permissions = [("view_contact_details", "Can view contact details")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_to_publish=False) | Q(consent_given_at__isnull=False),
                name="submission_consent_has_time",
            )
        ]
        # The other half of "public" (pledges.selectors): the consenting submissions.
        indexes = [
            models.Index(
                fields=["id"], condition=Q(consent_to_publish=True), name="submission_consent_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"


class Partner(models.Model):
    """A partner organisation named in a submission; shown publicly only once confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    class Invitation(models.TextChoices):
        WAITING = "waiting", _("waiting for the submitter to confirm their address")
        SENT = "sent", pgettext_lazy("invitation", "sent")
        OVER_LIMIT = "over_limit", _("not sent: daily limit for this address reached")

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("submission"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    contact_email = models.EmailField(_("contact email"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    invitation = models.CharField(
        _("invitation mail"),
        max_length=20,
        choices=Invitation.choices,
        default=Invitation.WAITING,
    )
    # When the invitation was sent or refused; sent ones count towards the daily limit.
    invitation_at = models.DateTimeField(_("invitation handled"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "organisation"], name="partner_once_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"


class Entry(models.Model):
    """What pledges and initiatives share: text in its original language, status, themes."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    submission = models.ForeignKey(
        Submission,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("submission"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("lead organisation"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=_("campaign")
    )
    themes = models.ManyToManyField(Theme, related_name="%(class)ss", verbose_name=_("themes"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    selected = models.BooleanField(_("selected for the programme"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-published_at", "-created_at"]
        # The public lists and counts (pledges.selectors): status here, consent on the
        # submission. Partial indexes hold only published rows, in the lists' order, and
        # carry the join keys (as key columns: SQLite has no INCLUDE) so a count can read
        # the index alone. A subclass that adds indexes must keep these:
        # `indexes = [*Entry.Meta.indexes, ...]`.
        indexes = [
            models.Index(
                fields=["-published_at", "-id", "submission", "organisation"],
                condition=Q(status="published"),
                name="%(class)s_public_recent_idx",
            ),
            models.Index(
                fields=["campaign", "-published_at", "-id"],
                condition=Q(status="published"),
                name="%(class)s_public_campaign_idx",
            ),
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published", selected=True),
                name="%(class)s_public_selected_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def slug(self) -> str:
        return slugify(self.title)[:60] or "-"


def review_permissions(kind: str) -> list[tuple[str, str]]:
    """The review workflow's permissions for one entry model (curators hold them)."""
    return [
        (f"publish_{kind}", f"Can publish {kind}"),
        (f"reject_{kind}", f"Can reject {kind}"),
        (f"review_{kind}", f"Can return {kind} to review"),
        (f"select_{kind}", f"Can select {kind} for the programme"),
        (f"award_{kind}", f"Can give {kind} an award"),
    ]


class Pledge(Entry):
    """A public commitment by an organisation to promote integration."""

    # What a row about "a pledge or an initiative" names it by (EntryReference, mails).
    kind = "pledge"

    class ReportInterval(models.IntegerChoices):
        QUARTER = 3, _("every 3 months")
        HALF_YEAR = 6, _("every 6 months")
        YEAR = 12, _("every 12 months")

    # Progress reporting (pledges.progress): none without an interval.
    report_interval_months = models.PositiveSmallIntegerField(
        _("reporting interval"), choices=ReportInterval.choices, null=True, blank=True
    )
    reporting_starts_on = models.DateField(_("reporting starts"), null=True, blank=True)
    # The latest published report's status, or "overdue" (the reminders set it): what the
    # public lists filter by.
    progress_status = models.CharField(
        _("progress"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NONE,
        blank=True,
    )
    report_overdue_since = models.DateField(_("report overdue since"), null=True, blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        permissions = review_permissions("pledge")
        # The list's "status of progress" filter: partial, so it holds only published pledges
        # with a status (and can never stand in for a scan of the whole table).
        indexes = [
            *Entry.Meta.indexes,
            models.Index(
                fields=["progress_status", "-published_at", "-id"],
                condition=Q(status="published") & ~Q(progress_status=""),
                name="pledge_public_progress_idx",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("pledges:detail", kwargs={"pk": self.pk, "slug": self.slug()})


class Initiative(Entry):
    """A concrete idea for new joint activity, carried out together with partners."""

    kind = "initiative"

    class Stage(models.TextChoices):
        IDEA = "idea", _("idea")
        UNDER_WAY = "under_way", _("under way")
        IMPLEMENTED = "implemented", _("implemented")

    partners_sought = models.TextField(
        _("what kind of partners are sought"), max_length=1000, blank=True
    )
    seeking_partners = models.BooleanField(_("still seeking partners"), default=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)

    class Meta(Entry.Meta):
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = review_permissions("initiative")

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"pk": self.pk, "slug": self.slug()})


def one_entry_constraint(name: str) -> models.CheckConstraint:
    """A row about one entry: exactly one of its `pledge` and `initiative` is set."""
    return models.CheckConstraint(
        condition=(
            Q(pledge__isnull=False, initiative__isnull=True)
            | Q(pledge__isnull=True, initiative__isnull=False)
        ),
        name=name,
    )


class EntryReference(models.Model):
    """What every model about "a pledge or an initiative" shares (the shortlist in
    assessments). Pledges and initiatives are two tables (docs/architecture.md),
    so such a model has a nullable foreign key to each, with `one_entry_constraint`; this
    is their one home for reading and writing them."""

    class Meta:
        abstract = True

    @property
    def entry(self) -> "Pledge | Initiative":
        return self.pledge if self.pledge_id else self.initiative

    @staticmethod
    def entry_lookup(entry: "Pledge | Initiative") -> dict:
        """Filter or create keyword for the entry: {"pledge": p} or {"initiative": i}."""
        return {entry.kind: entry}


class Award(models.Model):
    name = models.CharField(_("name"), max_length=250)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("campaign"),
    )
    reasoning = models.TextField(_("reasoning"), blank=True)
    pledges = models.ManyToManyField(
        Pledge, blank=True, related_name="awards", verbose_name=_("pledges")
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="awards", verbose_name=_("initiatives")
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.name} {self.year or ''}".strip()


class PartnerInterest(models.Model):
    """An organisation's message that it wants to join an initiative as a partner."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="partner_interests",
        verbose_name=_("initiative"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=250)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner interest")
        verbose_name_plural = _("partner interests")

    def __str__(self) -> str:
        return f"{self.organisation_name} → {self.initiative}"


class WorkspaceSignIn(models.Model):
    """One sign-in link to the password-less workspace (pledges.workspace), single use.

    Rows are kept for a day only (the privacy app's retention job deletes older ones); the
    count of recent rows per address limits how many sign-in mails an address receives.
    """

    email = models.EmailField(_("email"), db_index=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workspace sign-in link")
        verbose_name_plural = _("workspace sign-in links")

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"


# The progress models live in their own module; imported here so Django finds them.
from pledges.progress import (  # noqa: E402
    Indicator,
    IndicatorValue,
    ProgressReport,
    ReportReminder,
)

__all__ = [
    "Award",
    "Entry",
    "Indicator",
    "IndicatorValue",
    "Initiative",
    "Organisation",
    "Partner",
    "PartnerInterest",
    "Pledge",
    "ProgressReport",
    "ReportReminder",
    "Submission",
    "WorkspaceSignIn",
]
