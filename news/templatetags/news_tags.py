from django import template
from django.utils import translation

from news.selectors import news_latest as news_latest_items

register = template.Library()


@register.inclusion_tag("news/includes/news_latest.html")
def news_latest(limit: int = 3) -> dict:
    """`{% news_latest limit=3 %}` on the home page: the latest items in the page language."""
    language = translation.get_language()
    return {"items": news_latest_items(language=language, limit=limit), "language": language}


@register.filter
def news_date(item, language: str):
    """The publication time of the item's edition in `language`."""
    return item.published_in(language)
