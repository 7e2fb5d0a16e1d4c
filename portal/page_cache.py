"""The page cache: public pages for anonymous visitors, rendered once per content version.

Every public page is the same for every anonymous visitor until the content behind it
changes, yet rendering one costs tens of queries and a template pass. PageCacheMiddleware
sits right after WhiteNoise and stores the finished response (headers, body and its gzip
form) in the shared cache, keyed by scheme, host, path with query string, language and the
versions of all public content (core/content_versions.py; portal/cache_invalidation.py
bumps them on every write). A hit costs two cache round trips and no query, session,
template or database connection.

What is never stored or shared:
- requests with a session or messages cookie (staff, and visitors with a flash message):
  they bypass the cache both ways;
- views outside PUBLIC_VIEWS (private links, personal pages, the admin), and any response
  that is not a plain 200, sets a cookie, varies on Cookie, says private/no-store/no-cache,
  uses a CSP nonce or carries a CSRF token (get_token() sets the CSRF cookie and the body
  holds csrfmiddlewaretoken; both are checked) - except as below.

Hole punching for the public form pages (event registration, the partner-interest form,
the newsletter subscription, the accessibility feedback form): such a page is the same for
every anonymous visitor but for the visitor's masked CSRF token. When nothing else in it is
personal (the only cookie it sets is the CSRF cookie, nothing else varies), it is stored
with every rendering of that token (any string that unmasks to the visitor's secret, so
{% csrf_token %} and {{ csrf_token }} alike) replaced by CSRF_PLACEHOLDER and without the
Set-Cookie. A hit runs Django's own CsrfViewMiddleware.process_request() and get_token()
for this visitor (their valid cookie's secret, masked afresh; or a new secret) and its
process_response() to set the cookie with the CSRF_COOKIE_* settings, exactly as a render
would. Such answers are never gzipped (BREACH), carry no ETag or Last-Modified (no 304
across visitors) and say "private, no-cache" with Vary: Cookie, so no shared proxy keeps a
token or a Set-Cookie. With CSRF_USE_SESSIONS the token lives in the session: no punching.

The same rule decides compression: only responses that could be cached whole, which hold
no secret, are gzipped, so BREACH has nothing to recover. (Django's GZipMiddleware would
compress the form pages with their CSRF tokens too.) Static files keep WhiteNoise's own
pre-compressed copies, served before this middleware. Every answer taken from a stored
entry says X-Page-Cache: hit (for monitoring and tests; it reveals nothing else).

Responses served here carry an ETag (a hash of the body) and Last-Modified, and answer a
conditional GET or HEAD with 304. Time alone (an event passing, a deadline) bumps no
version: PAGE_CACHE_TIMEOUT bounds how long such a page can lag, and the key includes the
date so day-based listings turn over at midnight.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
    get_token,
)
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

from core.content_versions import versions
from portal.cache_invalidation import ALL_TOPICS

logger = logging.getLogger(__name__)

# URL names (namespace:name) of the pages anyone may be served from the cache: what they
# show depends only on the URL, the language and the public content (and, on the form
# pages, the visitor's CSRF token, which is punched out). Private links (tokens in the
# URL), pages with personal data and the admin are deliberately absent.
PUBLIC_VIEWS = frozenset(
    {
        "home",
        "programmes:programme",
        "themes:list",
        "themes:detail",
        "pledges:list",
        "pledges:feed",
        "pledges:reports_feed",
        "pledges:detail",
        "initiatives:list",
        "initiatives:feed",
        # No form (it is on initiatives:join): stored whole, gzipped, with an ETag.
        "initiatives:detail",
        # The partner-interest form (its CSRF token punched out).
        "initiatives:join",
        "organisations:detail",
        "search:search",
        "events:list",
        # A closed round's results (the form pages are never cached).
        "barometer:results",
        "events:calendar",
        "events:detail",
        "events:detail_slug",
        # The registration form (its CSRF token punched out).
        "events:register",
        "events:ics",
        "news:list",
        "news:feed",
        "news:detail",
        "news:detail_slug",
        "measures:list",
        "measures:feed",
        "measures:detail",
        "measures:detail_slug",
        # With the feedback form (its CSRF token punched out).
        "accessibility",
        "accessibility_thanks",
        "privacy",
        "newsletter:subscribe",
        # The view says never_cache today (the campaign deadline is to the minute), which
        # keeps it out; listed so that dropping never_cache is all it takes.
        "participate:form",
        "sitemap",
        "sitemap_section",
        "robots_txt",
    }
)
# Sitemaps, whatever their URL names (an index and sections may be added).
PUBLIC_VIEW_MODULES = frozenset({"django.contrib.sitemaps.views"})

COMPRESSIBLE_TYPES = (
    "text/",
    "application/xml",
    "application/json",
    "application/atom+xml",
    "application/rss+xml",
    "application/javascript",
    "image/svg+xml",
)
# Shorter bodies gain nothing from gzip.
MIN_COMPRESS_LENGTH = 200
# Headers rebuilt for every answer from the entry.
REBUILT_HEADERS = {"content-length", "content-encoding", "etag", "vary"}
DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"
KEY_PREFIX = "page:"
# Entries also kept in each web process (see _LocalEntries): about 256 × 50 kB at most.
LOCAL_ENTRIES = 256
# Stands for the visitor's masked CSRF token in a stored form page. Its < and > would be
# escaped in any autoescaped text, and a page that holds it before punching is not stored.
CSRF_PLACEHOLDER = b"<page-cache:csrf-token/>"
# The headers a punched page answers with: one visitor's token, for that visitor only.
PUNCHED_CACHE_CONTROL = "private, no-cache"
# Rebuilt or dropped for a punched page: no validators, so no 304 across visitors.
PUNCHED_DROPPED_HEADERS = {"cache-control", "last-modified", "expires"}

re_accepts_gzip = _lazy_re_compile(r"\bgzip\b")
# A language-prefixed path (/fi/…, /sv/…) already names its language.
re_language_prefix = _lazy_re_compile(r"^/(fi|sv)(/|$)")
# What a masked token looks like (CSRF_ALLOWED_CHARS are ASCII letters and digits).
re_masked_token = _lazy_re_compile(
    rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH
)


def private_cookie_names() -> tuple[str, ...]:
    # The messages cookie is django.contrib.messages' CookieStorage name.
    return (settings.SESSION_COOKIE_NAME, "messages")


def bypasses_cache(request: HttpRequest) -> bool:
    """Whether this request is someone's own: never served from, nor stored in, the cache."""
    if request.method not in ("GET", "HEAD"):
        return True
    cookies = request.COOKIES
    return any(name in cookies for name in private_cookie_names())


def _is_public_view(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return (
        match.view_name in PUBLIC_VIEWS
        or getattr(match.func, "__module__", "") in PUBLIC_VIEW_MODULES
    )


def _carries_secret(response: HttpResponse) -> bool:
    if response.cookies:  # the CSRF cookie (get_token() was called), a language cookie, …
        return True
    if "cookie" in response.get("Vary", "").lower():
        return True
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return True
    return b"csrfmiddlewaretoken" in response.content


def _storable_but_for_secrets(request: HttpRequest, response: HttpResponse) -> bool:
    """A public view's plain, uncompressed 200 that nobody asked to keep private."""
    if bypasses_cache(request) or response.status_code != 200 or response.streaming:
        return False
    if not _is_public_view(request):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return not response.has_header("Content-Encoding")


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether this response may be served to any anonymous visitor (and so compressed)."""
    return _storable_but_for_secrets(request, response) and not _carries_secret(response)


def _csrf_secret_only(request: HttpRequest, response: HttpResponse) -> str | None:
    """The visitor's CSRF secret, if it is all that makes this response theirs; else None."""
    if settings.CSRF_USE_SESSIONS:  # the secret would be in a session: never shared
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    cookies = response.cookies
    if set(cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    if settings.CSRF_COOKIE_NAME in cookies and cookies[settings.CSRF_COOKIE_NAME].value != secret:
        return None
    return secret


def punch_csrf_token(request: HttpRequest, response: HttpResponse) -> bytes | None:
    """The body with the visitor's CSRF token punched out, or None if it cannot be shared.

    Only for a public view's plain 200 that is shareable but for the token: the request
    carries no session or messages cookie (so Vary: Cookie can only be the CSRF cookie's),
    the response sets no cookie but the CSRF one and has no CSP nonce. Every string that
    unmasks to the visitor's secret becomes CSRF_PLACEHOLDER, so the token is gone however
    a template rendered it; the secret itself must not appear, and every
    csrfmiddlewaretoken input must end up holding the placeholder.
    """
    if not _storable_but_for_secrets(request, response):
        return None
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return None
    secret = _csrf_secret_only(request, response)
    if secret is None:
        return None
    body = response.content
    if CSRF_PLACEHOLDER in body or secret.encode() in body:
        return None
    holes = 0

    def punch(match):
        nonlocal holes
        if _unmask_cipher_token(match.group().decode()) != secret:
            return match.group()
        holes += 1
        return CSRF_PLACEHOLDER

    punched = re_masked_token.sub(punch, body)
    punched_inputs = punched.count(b'name="csrfmiddlewaretoken" value="' + CSRF_PLACEHOLDER + b'"')
    if not holes or punched.count(b"csrfmiddlewaretoken") != punched_inputs:
        return None
    return punched


def mark_private(response: HttpResponse) -> HttpResponse:
    """One visitor's form page: no shared cache may keep it, no validator matches another's."""
    response["Cache-Control"] = PUNCHED_CACHE_CONTROL
    patch_vary_headers(response, ("Cookie",))
    for name in ("ETag", "Last-Modified", "Expires"):
        response.headers.pop(name, None)
    return response


def cache_key(request: HttpRequest) -> str:
    """The entry's key; raises DisallowedHost for a host outside ALLOWED_HOSTS."""
    path = request.get_full_path()
    language = ""
    if not re_language_prefix.match(request.path_info):
        # sitemap.xml, robots.txt: LocaleMiddleware picks the language from the cookie or
        # Accept-Language, and the response may say it.
        language = translation.get_language_from_request(request)
    raw = "\n".join(
        [
            request.scheme,
            request.get_host(),
            path,
            language,
            timezone.localdate().isoformat(),
            versions(ALL_TOPICS),
        ]
    )
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def make_entry(response: HttpResponse, *, compress: bool, body: bytes | None = None) -> dict:
    """What is stored: the headers, the body, its gzip form (if worth it) and validators."""
    if body is None:
        body = response.content
    gzipped = None
    content_type = response.get("Content-Type", "")
    compressible = len(body) >= MIN_COMPRESS_LENGTH and content_type.startswith(COMPRESSIBLE_TYPES)
    if compressible and compress:
        gzipped = compress_string(body)
        if len(gzipped) >= len(body):
            gzipped = None
    headers = [(k, v) for k, v in response.items() if k.lower() not in REBUILT_HEADERS]
    if not response.has_header("Cache-Control"):
        headers.append(("Cache-Control", DEFAULT_CACHE_CONTROL))
    if not response.has_header("Last-Modified"):
        headers.append(("Last-Modified", http_date(time.time())))
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    if compressible:
        vary.append("Accept-Encoding")
    return {
        "status": response.status_code,
        "headers": headers,
        "vary": vary,
        "body": body,
        "gzip": gzipped,
        "etag": hashlib.md5(body, usedforsecurity=False).hexdigest(),
    }


def make_punched_entry(response: HttpResponse, body: bytes) -> dict:
    """A form page's entry: the punched body, never gzipped, without validators."""
    entry = make_entry(response, compress=False, body=body)
    entry["headers"] = [
        (k, v) for k, v in entry["headers"] if k.lower() not in PUNCHED_DROPPED_HEADERS
    ]
    entry["vary"] = [v for v in entry["vary"] if v.lower() != "accept-encoding"]
    entry["etag"] = None
    entry["csrf_hole"] = True
    return entry


def _never_called(request: HttpRequest) -> HttpResponse:
    raise AssertionError("only CsrfViewMiddleware's hooks are used")


def punched_response(request: HttpRequest, entry: dict) -> HttpResponse:
    """A stored form page with a fresh masked token for this visitor, as Django would give.

    CsrfViewMiddleware.process_request() takes the secret from a valid CSRF cookie (or makes
    a new one for a missing or malformed cookie), get_token() masks it afresh, and
    process_response() sets the cookie with the CSRF_COOKIE_* settings and Vary: Cookie.
    """
    csrf = CsrfViewMiddleware(_never_called)
    csrf.process_request(request)
    body = entry["body"].replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(body))
    if entry["vary"]:
        patch_vary_headers(response, entry["vary"])
    mark_private(response)
    return csrf.process_response(request, response)


def response_from_entry(request: HttpRequest, entry: dict) -> HttpResponse:
    """The answer to this request from a stored entry: gzip or not, 304, HEAD without body."""
    if entry.get("csrf_hole"):
        return punched_response(request, entry)
    use_gzip = entry["gzip"] is not None and re_accepts_gzip.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    body = entry["gzip"] if use_gzip else entry["body"]
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(body))
    etag = f'"{entry["etag"]}-gzip"' if use_gzip else f'"{entry["etag"]}"'
    response["ETag"] = etag
    if use_gzip:
        response["Content-Encoding"] = "gzip"
    if entry["vary"]:
        patch_vary_headers(response, entry["vary"])
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )


class _LocalEntries:
    """The most recently used entries, kept in this process as well.

    The key holds the content versions, which are read from the shared cache on every
    request, so a local copy can never outlive a change made through another process; it
    only saves fetching and unpickling the page (about half the cost of a hit). Bounded in
    number and by PAGE_CACHE_TIMEOUT like the shared entries.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: str, entry: dict, timeout: int) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + timeout, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_local = _LocalEntries(size=LOCAL_ENTRIES)


def clear_local() -> None:
    """Forget this process's copies (tests empty the shared cache between them)."""
    _local.clear()


class PageCacheMiddleware:
    """Serve and store anonymous visitors' public pages (see the module docstring)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if bypasses_cache(request):
            return self.get_response(request)
        timeout = settings.PAGE_CACHE_TIMEOUT
        key = None
        if timeout:
            try:
                key = cache_key(request)
                entry = _local.get(key)
                if entry is None:
                    entry = cache.get(key)
                    if entry is not None:
                        _local.put(key, entry, timeout)
            except DisallowedHost:
                return self.get_response(request)  # Django answers it with a 400
            except Exception:
                # The cache is down: serve uncached rather than fail.
                logger.warning("Page cache unavailable", exc_info=True)
                key = entry = None
            if entry is not None and entry.get("csrf_hole") and settings.CSRF_USE_SESSIONS:
                entry = None  # stored before the token moved into sessions
            if entry is not None:
                response = response_from_entry(request, entry)
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        store = key is not None and request.method == "GET"
        if not is_shareable(request, response):
            punched = punch_csrf_token(request, response)
            if punched is None:
                return response
            if store:
                try:
                    cache.set(key, make_punched_entry(response, punched), timeout)
                except Exception:
                    logger.warning("Page cache unavailable", exc_info=True)
            # This visitor keeps the token and cookie they were just given.
            return mark_private(response)
        accepts_gzip = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        entry = make_entry(response, compress=store or accepts_gzip)
        if store:
            try:
                cache.set(key, entry, timeout)
                _local.put(key, entry, timeout)
            except Exception:
                logger.warning("Page cache unavailable", exc_info=True)
        return response_from_entry(request, entry)
