"""Atom feeds of the latest public pledges and initiatives, one per language."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from core.feeds import XmlSafeAtom1Feed
from core.localized import localized
from core.templatetags.core_tags import only_in_language_note
from pledges.selectors import initiatives_public, pledges_public, progress_reports_public

FEED_SIZE = 30


def _with_note(obj, field: str) -> str:
    """The text in the feed's language; text in the other language says so."""
    value = localized(obj, field)
    if value.is_fallback:
        return f"{value.text} ({only_in_language_note(value.lang)})"
    return value.text


class EntryFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    namespace = ""

    def selector(self):
        raise NotImplementedError

    def link(self) -> str:
        return reverse(f"{self.namespace}:list")

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse(f"{self.namespace}:feed")

    def subtitle(self) -> str:
        return _("Partnership programme for integration promotion")

    def items(self):
        return (
            self.selector()
            .select_related("organisation")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item) -> str:
        return _with_note(item, "title")

    def item_description(self, item) -> str:
        return _with_note(item, "text")

    def item_author_name(self, item) -> str:
        return item.organisation.name

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_guid(self, item) -> str:
        # One id per entry in every language: the slug-less address.
        return settings.SITE_URL + reverse(f"{self.namespace}:detail", kwargs={"pk": item.pk})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class PledgeFeed(EntryFeed):
    namespace = "pledges"

    def selector(self):
        return pledges_public()

    def title(self) -> str:
        return _("Pledges of the partnership programme")


class InitiativeFeed(EntryFeed):
    namespace = "initiatives"

    def selector(self):
        return initiatives_public()

    def title(self) -> str:
        return _("Initiatives of the partnership programme")


class ProgressReportFeed(Feed):
    """The latest published progress reports of public pledges, in the page's language."""

    feed_type = XmlSafeAtom1Feed

    def title(self) -> str:
        return _("Progress reports of the partnership programme's pledges")

    def subtitle(self) -> str:
        return _("Partnership programme for integration promotion")

    def link(self) -> str:
        return reverse("pledges:list")

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("pledges:reports_feed")

    def items(self):
        return (
            progress_reports_public()
            .select_related("pledge__organisation")
            .order_by("-reviewed_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item) -> str:
        return f"{_with_note(item.pledge, 'title')}: {item.get_status_display()}"

    def item_description(self, item) -> str:
        return _with_note(item, "text")

    def item_author_name(self, item) -> str:
        return item.pledge.organisation.name

    def item_link(self, item) -> str:
        return f"{item.pledge.get_absolute_url()}#report-{item.pk}"

    def item_guid(self, item) -> str:
        # One id per report in every language: the slug-less address of its pledge.
        url = reverse("pledges:detail", kwargs={"pk": item.pledge_id})
        return f"{settings.SITE_URL}{url}#report-{item.pk}"

    def item_pubdate(self, item):
        return item.reviewed_at

    def item_updateddate(self, item):
        return item.reviewed_at
