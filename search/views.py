from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from search.query import site_search


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    results = site_search(query=request.GET.get("q", ""), language=language)
    page, hits = results.page(request.GET.get("page")) if results.query else (None, [])
    return render(
        request,
        "search/search.html",
        {
            "query": results.query,
            "results": results,
            "page": page,
            "hits": hits,
            "querystring": urlencode({"q": results.query}),
        },
    )
