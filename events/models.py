from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import regions
from core.localized import translated_slugs_fill


class Event(models.Model):
    """An info session, webinar, training or workshop that people register for."""

    class Kind(models.TextChoices):
        INFO_SESSION = "info", _("info session")
        WEBINAR = "webinar", _("webinar")
        TRAINING = "training", _("training")
        WORKSHOP = "workshop", _("workshop")
        OTHER = "other", _("other event")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("national")
        REGIONAL = "regional", _("regional")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    themes = models.ManyToManyField(
        "themes.Theme", blank=True, related_name="events", verbose_name=_("themes")
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    place = models.CharField(
        _("place"), max_length=250, blank=True, help_text=_("E.g. the name of the venue.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    online_url_private = models.BooleanField(
        _("online link only for registered participants"),
        default=True,
        help_text=_("The link is then sent in the confirmation and reminder mails only."),
    )
    in_finnish = models.BooleanField(_("spoken in Finnish"), default=True)
    in_swedish = models.BooleanField(_("spoken in Swedish"), default=False)
    in_english = models.BooleanField(_("spoken in English"), default=False)
    scope = models.CharField(
        _("reach"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL
    )
    region = models.CharField(
        _("region"), max_length=regions.MAX_LENGTH, choices=regions.REGION_CHOICES, blank=True
    )
    organiser = models.CharField(_("organiser"), max_length=250)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Raised on every change participants are told about; the calendar SEQUENCE.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="regional") | ~models.Q(region=""),
                name="event_regional_has_region",
                violation_error_message=_("A regional event needs a region."),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        return f"{self.title} ({local:%d.%m.%Y})" if local else self.title

    def save(self, *args, **kwargs):
        translated_slugs_fill(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.slug:
            return reverse("events:detail_slug", kwargs={"pk": self.pk, "slug": self.slug})
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def spoken_languages(self) -> list[str]:
        flags = {"fi": self.in_finnish, "sv": self.in_swedish, "en": self.in_english}
        return [code for code, spoken in flags.items() if spoken]

    @property
    def public_online_url(self) -> str:
        return "" if self.online_url_private else self.online_url

    def is_past(self, at=None) -> bool:
        return self.ends_at <= (at or timezone.now())

    def registration_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        if not self.is_published or self.is_cancelled or self.starts_at <= at:
            return False
        if self.registration_opens_at and at < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and at >= self.registration_closes_at)


class Registration(models.Model):
    """A person's place (or place in the queue) at an event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    language = models.CharField(
        _("language for mails"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    needs = models.TextField(
        _("accessibility or other needs"),
        max_length=2000,
        blank=True,
        help_text=_("Only the organisers see this."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder queued"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(status__in=["confirmed", "waiting"], anonymised_at__isnull=True),
                name="registration_one_active_per_email",
                violation_error_message=_("This address is already registered for the event."),
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="reg_queue_idx")]

    def __str__(self) -> str:
        return f"{self.name or '–'} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
