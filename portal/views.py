import logging
import sys

import redis
from django.conf import settings
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from barometer.selectors import barometer_teaser
from core.i18n import language_codes
from core.ratelimits import RateLimited, ratelimit
from portal.forms import AccessibilityFeedbackForm
from portal.services import accessibility_feedback_receive
from portal.statement_timeout import is_query_cancelled
from programmes.selectors import programme_current
from themes.selectors import theme_list

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    """The front page. Cached for anonymous visitors under the versions of every public
    topic (portal.page_cache keys on cache_invalidation.ALL_TOPICS, "barometer" among them),
    so any barometer write shows at once. A round opening or closing is a time event that
    bumps no version: the teaser lags it by PAGE_CACHE_TIMEOUT at most."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=programme_current(),
            themes=theme_list(),
            barometer=barometer_teaser(),
            **kwargs,
        )


@method_decorator(ratelimit(key="ip", rate="10/h", method="POST", block=True), name="post")
class AccessibilityStatementView(TemplateView):
    """The statement required by the Finnish Act on the Provision of Digital Services, with
    its feedback form (stored for staff, who must reply within 14 days)."""

    def get_template_names(self) -> list[str]:
        # Long legal text is written and reviewed as a whole per language.
        return [f"portal/accessibility_statement.{translation.get_language()}.html"]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", AccessibilityFeedbackForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = AccessibilityFeedbackForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if not form.cleaned_data.get("website"):  # the honeypot stayed empty: a person
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            accessibility_feedback_receive(language=translation.get_language(), **data)
        return redirect("accessibility_thanks")


class AccessibilityFeedbackThanksView(TemplateView):
    template_name = "portal/accessibility_feedback_thanks.html"


class PrivacyNoticeView(TemplateView):
    def get_template_names(self) -> list[str]:
        return [f"portal/privacy_notice.{translation.get_language()}.html"]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {settings.SITE_URL}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico whatever the page links: send them on."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        logger.exception("Health check: broker unreachable")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every configured backing service answers, 503 otherwise (for load balancers)."""
    checks = {"database": "ok" if _database_ok() else "fail"}
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        checks["broker"] = "ok" if _broker_ok() else "fail"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The missing page has no counterpart: offer each language's front page instead.
    alternate_urls = {code: f"/{code}/" for code in language_codes()}
    html = loader.render_to_string("404.html", {"alternate_urls": alternate_urls}, request=request)
    return HttpResponseNotFound(html)


def server_error(request: HttpRequest) -> HttpResponse:
    # A statement cancelled outside a view (in a middleware) still gets the 503 page.
    if is_query_cancelled(sys.exc_info()[1]):
        return service_unavailable(request)
    # No request context: the failure may lie in whatever a context processor needs.
    return HttpResponseServerError(loader.render_to_string("500.html"))


# Seconds a visitor is asked to wait after the database was too busy to answer.
SERVICE_UNAVAILABLE_RETRY_AFTER = 30


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 in the page's language when the database cancelled a slow query (the statement
    timeout, portal/statement_timeout.py): nothing is lost, try again shortly. Rendered
    without request context, which would query the busy database again (the footer)."""
    logger.warning("Query cancelled by the statement timeout: %s %s", request.method, request.path)
    html = loader.render_to_string("503.html")
    return HttpResponse(
        html,
        status=503,
        headers={
            "Retry-After": str(SERVICE_UNAVAILABLE_RETRY_AFTER),
            "Cache-Control": "no-store",
        },
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 in the page's language. Unlike Django's default it does not run the CSRF check
    again, which re-read request.POST and turned an unreadable form body into a 500."""
    html = loader.render_to_string("400.html", request=request)
    return HttpResponseBadRequest(html)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (an old page, blocked cookies, or forged):
    403 with a page in the visitor's language instead of Django's English one."""
    html = loader.render_to_string("403_csrf.html", request=request)
    return HttpResponseForbidden(html)


# What a refusal without its window (django-ratelimit's own exception) is told to wait.
DEFAULT_RETRY_AFTER = 60


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's refusal: 429 with a page in the visitor's language, nothing lost,
    saying how long the limit that refused still runs."""
    retry_after = (
        exception.retry_after if isinstance(exception, RateLimited) else DEFAULT_RETRY_AFTER
    )
    minutes = -(-retry_after // 60)
    html = loader.render_to_string("429.html", {"minutes": minutes}, request=request)
    return HttpResponse(html, status=429, headers={"Retry-After": str(retry_after)})
