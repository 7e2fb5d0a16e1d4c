from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
