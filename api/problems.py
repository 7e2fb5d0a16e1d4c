"""Errors of the open data API as problem details (RFC 9457), in the request's language.

The language is `?lang=fi|sv` when given, else what LocaleMiddleware chose from the
Accept-Language header (the API's paths carry no language prefix).
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def request_language(request) -> str:
    """`?lang=` when it names one of the site's languages, else the active language."""
    codes = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang", "") if request is not None else ""
    if asked in codes:
        return asked
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in codes else settings.LANGUAGE_CODE


def _titles() -> dict[int, str]:
    return {
        status.HTTP_400_BAD_REQUEST: _("Invalid request"),
        status.HTTP_404_NOT_FOUND: _("Not found"),
        status.HTTP_405_METHOD_NOT_ALLOWED: _("Method not allowed"),
        status.HTTP_406_NOT_ACCEPTABLE: _("Not acceptable"),
        status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests"),
    }


def _detail(exc: Exception) -> str:
    if isinstance(exc, exceptions.Throttled):
        return _("Too many requests from this address. Try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)
        }
    if isinstance(exc, exceptions.MethodNotAllowed | exceptions.NotAcceptable):
        return _("The open data API is read-only: use GET.")
    if isinstance(exc, Http404 | exceptions.NotFound):
        return _("There is no public object at this address.")
    if isinstance(exc, exceptions.ValidationError):
        return _("A query parameter has a value that is not allowed.")
    return _("The request could not be handled.")


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler, answering with a problem details object."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's own 500 handling and logging
    request = context.get("request")
    with translation.override(request_language(request)):
        code = response.status_code
        body = {
            "type": "about:blank",
            "title": _titles().get(code, _("Error")),
            "status": code,
            "detail": _detail(exc),
        }
        if request is not None:
            body["instance"] = request.path
        if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
            # Which parameters were refused (names only; the values are echoed nowhere).
            body["invalid_params"] = sorted(str(name) for name in response.data)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    response["Content-Language"] = request_language(request)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(max(int(exc.wait), 1))
    return response
