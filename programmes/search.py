"""The government's integration measures in the site-wide search (search.registry): public
in both languages as soon as they exist, dated by their last update."""

from django.utils.translation import gettext_lazy as _

from programmes.selectors import measures_public
from search.registry import SearchSource, field_date, register

register(
    SearchSource(
        kind="measure",
        label=_("Integration measure"),
        indexed=measures_public,
        public=lambda _language: measures_public(),
        date=field_date("updated_at"),
        text_field="summary",
    )
)
