"""Closed rounds of the barometer in the site-wide search (search.registry): a round's
results page, found by its title and introduction (its stored search vectors,
barometer/0004). A round is indexed as soon as it exists but shown only from the moment it
closes (`shown_from`): closing is a time event that no write announces."""

from django.utils.translation import gettext_lazy as _

from barometer.models import Survey
from barometer.selectors import surveys_with_results
from search.registry import SearchSource, field_date, register

register(
    SearchSource(
        kind="barometer",
        label=_("Partnership barometer"),
        indexed=lambda: Survey.objects.all(),
        public=lambda _language: surveys_with_results().order_by(),
        date=field_date("closes_at"),
        shown_from=field_date("closes_at"),
        text_field="introduction",
    )
)
