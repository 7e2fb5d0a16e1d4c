"""Atom feeds of news, one per language; each entry carries its own edition's date."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.feeds import XmlSafeAtom1Feed
from core.localized import localized
from news.selectors import news_public

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def title(self) -> str:
        return _("News of the partnership programme")

    def subtitle(self) -> str:
        return _("Partnership programme for integration promotion")

    def link(self) -> str:
        return reverse("news:list")

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("news:feed")

    def items(self):
        return news_public(language=translation.get_language())[:FEED_SIZE]

    def item_title(self, item) -> str:
        return localized(item, "title").text

    def item_description(self, item) -> str:
        return localized(item, "lead").text

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_guid(self, item) -> str:
        return settings.SITE_URL + item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_in(translation.get_language())

    def item_updateddate(self, item):
        return item.published_in(translation.get_language())
