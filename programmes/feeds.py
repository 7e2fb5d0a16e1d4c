"""Atom feed of the integration measures' status changes, one per language."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.feeds import XmlSafeAtom1Feed
from core.localized import localized
from programmes.selectors import measure_status_changes_latest

FEED_SIZE = 30


def _moment(change) -> datetime:
    """A change's date as a time (the start of the day in Helsinki): Atom wants times."""
    return datetime.combine(change.date, time.min, timezone.get_default_timezone())


class MeasureStatusFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def title(self) -> str:
        return _("Government integration measures: status changes")

    def subtitle(self) -> str:
        return _("Partnership programme for integration promotion")

    def link(self) -> str:
        return reverse("measures:list")

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("measures:feed")

    def items(self):
        return list(measure_status_changes_latest(limit=FEED_SIZE))

    def item_title(self, item) -> str:
        return _("%(measure)s: %(status)s") % {
            "measure": localized(item.measure, "title").text,
            "status": item.get_status_display(),
        }

    def item_description(self, item) -> str:
        return localized(item, "note").text or localized(item.measure, "summary").text

    def item_link(self, item) -> str:
        return f"{item.measure.get_absolute_url()}#status-{item.pk}"

    def item_guid(self, item) -> str:
        return f"{settings.SITE_URL}{item.measure.get_absolute_url()}#status-{item.pk}"

    def item_pubdate(self, item):
        return _moment(item)

    def item_updateddate(self, item):
        return _moment(item)
