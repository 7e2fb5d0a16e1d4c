"""The API's common conventions: JSON only, a per-address rate limit, cursor pages, and
conditional GET with public caching."""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import SimpleRateThrottle


class JsonFallbackNegotiation(DefaultContentNegotiation):
    """An Accept header the API cannot satisfy gets JSON anyway, never a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class AddressRateThrottle(SimpleRateThrottle):
    """A fixed number of requests per client address (API_RATE_LIMIT, e.g. "600/min");
    over it the API answers 429 with Retry-After. Read at request time, so a test or an
    operator can change it without a restart of the class."""

    scope = "api"

    def get_rate(self) -> str | None:
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class StableCursorPagination(CursorPagination):
    """Cursor pages in a stable order on the primary key: a walk sees every item that
    existed when it began exactly once, whatever is added meanwhile (newer ids come last
    in `id` order, first in `-id` order and so before the walk's position)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
    ORDERINGS = ("id", "-id")

    def decode_cursor(self, request):
        """DRF's cursor, refused as a 400 problem when it is not one this API made (DRF
        would pass a forged position on to the database)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError({self.cursor_query_param: ["Invalid cursor."]}) from exc
        if cursor is not None and cursor.position is not None:
            position = cursor.position
            if not (position.isdigit() and int(position) < 2**63) or cursor.offset > 10**6:
                raise ValidationError({self.cursor_query_param: ["Invalid cursor."]})
        return cursor

    def get_ordering(self, request, queryset, view):
        asked = request.query_params.get("ordering", "")
        return (asked,) if asked in self.ORDERINGS else (self.ordering,)


def conditional_json(view):
    """Give a successful GET answer an ETag (hash of the body) and, when the view set one,
    Last-Modified; answer If-None-Match / If-Modified-Since with 304; let public caches keep
    it for API_CACHE_SECONDS; allow other origins to embed it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        patch_vary_headers(response, ("Accept", "Accept-Language"))
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response.headers["ETag"] = etag
        last_modified = getattr(response, "last_modified", None)
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        timestamp = int(last_modified.timestamp()) if last_modified is not None else None
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )

    return wrapped
