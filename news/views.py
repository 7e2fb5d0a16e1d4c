from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from news.models import NewsItem
from news.selectors import news_public, news_public_by_pk

PAGE_SIZE = 20
# The kind filter names groups, so its labels are plural.
KIND_FILTERS = [
    (NewsItem.Kind.NEWS, _("News items")),
    (NewsItem.Kind.PRESS_RELEASE, _("Press releases")),
]


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    kind = request.GET.get("kind", "")
    items = news_public(language=language)
    if kind in NewsItem.Kind.values:
        items = items.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/news_list.html",
        {
            "page": page,
            "items": page.object_list,
            "kind": kind,
            "kinds": KIND_FILTERS,
            "language": language,
        },
    )


def _alternate_urls(item: NewsItem) -> dict[str, str]:
    """The item in each language where that edition is public, else that language's list."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = (
                item.get_absolute_url() if item.is_public_in(code) else reverse("news:list")
            )
    return urls


@require_safe
def news_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    language = translation.get_language()
    item = news_public_by_pk(pk=pk, language=language)
    if item is None:
        raise Http404
    canonical = item.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    return render(
        request,
        "news/news_detail.html",
        {
            "item": item,
            "published": item.published_in(language),
            "alternate_urls": _alternate_urls(item),
            # hreflang names only real editions; the switcher may lead to the list instead.
            "hreflang_urls": {
                code: url for code, url in _alternate_urls(item).items() if item.is_public_in(code)
            },
        },
    )
