"""News in the site-wide search (search.registry): an item is shown on a language's pages
from its publication time in that language, and dated by it."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from news.models import NewsItem
from news.selectors import news_public
from search.registry import SearchSource, language_date, register


def _news_in_some_language():
    return NewsItem.objects.filter(Q(published_fi__isnull=False) | Q(published_sv__isnull=False))


def _news_in_page_language(language: str):
    return news_public(language=language).order_by()


register(
    SearchSource(
        kind="news",
        label=_("News"),
        indexed=_news_in_some_language,
        public=_news_in_page_language,
        date=language_date("published_{language}"),
        shown_from=language_date("published_{language}"),
        text_field="body",
    )
)
