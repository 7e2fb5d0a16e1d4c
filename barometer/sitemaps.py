"""The barometer in the sitemap: its front page and every closed round's results page, each
in both languages with hreflang alternates (only closed rounds' results are public)."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from barometer.models import Survey
from barometer.selectors import survey_open, surveys_with_results
from core.sitemap_base import CACHE_SECONDS


class BarometerSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    topics = ("barometer",)

    @cached_property
    def now(self):
        return timezone.now()

    def items(self) -> list[int | None]:
        years = list(surveys_with_results(at=self.now).values_list("year", flat=True))
        # None stands for the barometer's front page, which exists (is not a 404) once a
        # round is open or has closed.
        if years or survey_open(at=self.now) is not None:
            return [None, *years]
        return []

    def location(self, item: int | None) -> str:
        if item is None:
            return reverse("barometer:index")
        return reverse("barometer:results", kwargs={"year": item})

    def cache_seconds(self) -> int:
        """Until the next round closes: its results page goes public then, and no write
        announces that."""
        upcoming = Survey.objects.filter(closes_at__gt=self.now).aggregate(at=Min("closes_at"))
        if upcoming["at"] is None:
            return CACHE_SECONDS
        return max(1, min(CACHE_SECONDS, int((upcoming["at"] - self.now).total_seconds()) + 1))


SITEMAPS = {"barometer": BarometerSitemap}
