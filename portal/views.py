import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect
from django.template import loader
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from portal.forms import AccessibilityFeedbackForm
from portal.i18n import language_codes
from portal.services import accessibility_feedback_receive
from programmes.selectors import programme_current
from themes.selectors import theme_list

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=programme_current(), themes=theme_list(), **kwargs
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


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {settings.SITE_URL}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
@require_GET
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
    # No request context: the failure may lie in whatever a context processor needs.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's refusal: 429 with a page in the visitor's language, nothing lost."""
    html = loader.render_to_string("429.html", request=request)
    return HttpResponse(html, status=429, headers={"Retry-After": "60"})
