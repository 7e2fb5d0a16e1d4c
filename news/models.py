from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.localized import in_language, translated_slugs_fill
from programmes.models import ContactPerson


class NewsItem(models.Model):
    """A news item or press release; each language edition has its own publication time.

    An edition without a time, or with a future one, is not public in that language (the
    Swedish edition often follows the Finnish one by a few days).
    """

    class Kind(models.TextChoices):
        NEWS = "news", _("news")
        PRESS_RELEASE = "press_release", _("press release")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    lead = models.TextField(_("lead"), max_length=1000, blank=True)
    body = models.TextField(_("body"), blank=True)
    published_fi = models.DateTimeField(
        _("published in Finnish"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Empty: the Finnish edition is not public."),
    )
    published_sv = models.DateTimeField(
        _("published in Swedish"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Empty: the Swedish edition is not public."),
    )
    contacts = models.ManyToManyField(
        ContactPerson, blank=True, related_name="news_items", verbose_name=_("contact persons")
    )
    themes = models.ManyToManyField(
        "themes.Theme", blank=True, related_name="news_items", verbose_name=_("themes")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_fi", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        # The table kept its name when news left the programmes app (migration 0001).
        db_table = "programmes_newsitem"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        translated_slugs_fill(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        slug = in_language(self, "slug", translation.get_language())
        if slug:
            return reverse("news:detail_slug", kwargs={"pk": self.pk, "slug": slug})
        return reverse("news:detail", kwargs={"pk": self.pk})

    def published_in(self, language: str):
        """The publication time of the edition in `language` (None if it has none)."""
        return in_language(self, "published", language)

    def is_public_in(self, language: str, at=None) -> bool:
        published = self.published_in(language)
        return published is not None and published <= (at or timezone.now())
