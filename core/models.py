from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.regions import MAX_LENGTH as REGION_MAX_LENGTH
from core.regions import REGION_CHOICES


class Municipality(models.Model):
    """One of Finland's municipalities, from Statistics Finland's classification.

    Loaded from `core/data/municipalities.csv` by a data migration (portal 0006, before the
    model moved here: its table keeps the name portal_municipality); the official
    three-digit code is the key, so references survive a reload. Names are proper names in
    both languages (Turku/Åbo), shown in the page's language.
    """

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    region = models.CharField(_("region"), max_length=REGION_MAX_LENGTH, choices=REGION_CHOICES)

    class Meta:
        db_table = "portal_municipality"
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name_in(None)

    def name_in(self, language: str | None) -> str:
        """The name in `language` (default: the active language)."""
        language = (language or translation.get_language() or "fi")[:2]
        return self.name_sv if language == "sv" else self.name_fi

    @property
    def name(self) -> str:
        return self.name_in(None)
