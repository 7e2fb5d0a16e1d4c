from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.localized import translated_slugs_fill


class RelatedProgramme(models.Model):
    """A programme that the partnership programme supports (e.g. the government's)."""

    name = models.CharField(_("name"), max_length=250)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("supported programme")
        verbose_name_plural = _("supported programmes")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """The partnership programme itself; the site shows the first one."""

    name = models.CharField(_("name"), max_length=250)
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    coordinator = models.CharField(_("coordinator"), max_length=250)
    url = models.URLField(_("link"), blank=True)
    supports = models.ManyToManyField(
        RelatedProgramme,
        blank=True,
        related_name="supported_by",
        verbose_name=_("programmes it supports"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="goals", verbose_name=_("programme")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), max_length=1000)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]


class AnnualTheme(models.Model):
    """The programme's umbrella theme for one year (e.g. equality in 2019)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="annual_themes",
        verbose_name=_("programme"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual umbrella theme")
        verbose_name_plural = _("annual umbrella themes")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="annual_theme_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class Publication(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    url = models.URLField(_("link"))
    in_finnish = models.BooleanField(_("available in Finnish"), default=True)
    in_swedish = models.BooleanField(_("available in Swedish"), default=False)
    in_english = models.BooleanField(_("available in English"), default=False)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def languages(self) -> list[str]:
        """Language codes the publication itself exists in."""
        flags = {"fi": self.in_finnish, "sv": self.in_swedish, "en": self.in_english}
        return [code for code, available in flags.items() if available]

    def language_note_code(self, page_language: str) -> str:
        """The language to name in an "only in …" note, or "" when none is needed."""
        languages = self.languages
        if page_language in languages or len(languages) != 1:
            return ""
        return languages[0]


class ContactPerson(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("programme"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A period during which organisations may submit pledges and initiatives."""

    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    hashtag = models.CharField(
        _("hashtag"),
        max_length=60,
        blank=True,
        help_text=_("Without the # sign, e.g. kotoutuminen2026."),
        validators=[
            RegexValidator(r"^\w+$", _("Letters, digits and underscores only, without #."))
        ],
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_it_opens",
                violation_error_message=_("The campaign must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class GovernmentTerm(models.Model):
    """A government's term of office; the measures page groups measures by it."""

    name = models.CharField(_("name"), max_length=200)
    prime_minister = models.CharField(_("prime minister"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(
        _("ends"), null=True, blank=True, help_text=_("Empty for the current term.")
    )
    note = models.TextField(
        _("note"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Shown under the term on the measures page, e.g. that its content is being updated."
        ),
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("government term")
        verbose_name_plural = _("government terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gt=models.F("starts_on")),
                name="government_term_ends_after_it_starts",
                violation_error_message=_("The term must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """One of the government's integration measures (a report, a programme, a law...).

    `status` is the latest status change's (programmes.services keeps them equal).
    """

    class Kind(models.TextChoices):
        REPORT = "report", pgettext_lazy("measure", "report to Parliament")
        PROGRAMME = "programme", pgettext_lazy("measure", "programme")
        LEGISLATION = "legislation", pgettext_lazy("measure", "legislation")
        PARTNERSHIP = "partnership", pgettext_lazy("measure", "partnership")
        OTHER = "other", pgettext_lazy("measure", "other")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("measure", "planned")
        IN_PREPARATION = "in_preparation", pgettext_lazy("measure", "in preparation")
        SUBMITTED = "submitted", pgettext_lazy("measure", "submitted")
        IN_FORCE = "in_force", pgettext_lazy("measure", "in force")
        COMPLETED = "completed", pgettext_lazy("measure", "completed")
        REPLACED = "replaced", pgettext_lazy("measure", "replaced")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body"), blank=True)
    term = models.ForeignKey(
        GovernmentTerm,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("government term"),
    )
    ministry = models.CharField(_("responsible ministry"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        editable=False,
        help_text=_("The status of the latest status change."),
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    publications = models.ManyToManyField(
        Publication, blank=True, related_name="measures", verbose_name=_("publications")
    )
    # News is a floor above programmes: named by string, never imported.
    news = models.ManyToManyField(
        "news.NewsItem", blank=True, related_name="measures", verbose_name=_("news")
    )
    themes = models.ManyToManyField(
        "themes.Theme", blank=True, related_name="measures", verbose_name=_("themes")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["term", "title", "pk"]
        verbose_name = _("integration measure")
        verbose_name_plural = _("integration measures")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(replaced_by=models.F("pk")),
                name="measure_not_replaced_by_itself",
                violation_error_message=_("A measure cannot replace itself."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        translated_slugs_fill(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # modeltranslation: the page language's slug, else the other language's.
        if self.slug:
            return reverse("measures:detail_slug", kwargs={"pk": self.pk, "slug": self.slug})
        return reverse("measures:detail", kwargs={"pk": self.pk})


class MeasureStatusChange(models.Model):
    """A measure reached `status` on `date`; the latest one is the measure's status."""

    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("integration measure"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: {self.get_status_display()}"

    def clean(self) -> None:
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"date": _("A status change is recorded when it has happened: not in the future.")}
            )
