from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """One of the programme's five themes; name, slug and texts exist in fi and sv."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    summary = models.TextField(_("short summary"), max_length=600, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("themes:detail", kwargs={"slug": self.slug})
