"""Reads of news: what is public in a language, newest first by that language's date."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from news.models import NewsItem


def news_public(*, language: str, at: datetime | None = None) -> QuerySet[NewsItem]:
    """Items whose edition in `language` is published, newest first by that edition's date."""
    at = at or timezone.now()
    field = f"published_{language}"
    return NewsItem.objects.filter(**{f"{field}__isnull": False, f"{field}__lte": at}).order_by(
        f"-{field}", "-pk"
    )


def news_latest(*, language: str, limit: int = 3) -> list[NewsItem]:
    return list(news_public(language=language)[:limit])


def news_public_by_pk(*, pk: int, language: str) -> NewsItem | None:
    return (
        news_public(language=language).prefetch_related("themes", "contacts").filter(pk=pk).first()
    )
