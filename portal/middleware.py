import codecs
import logging
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("portal.security")

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
BODILESS_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _is_utf8(label: str) -> bool:
    try:
        return codecs.lookup(label).name == "utf-8"
    except LookupError:
        return False


def _urlencoded_is_utf8(body: bytes) -> bool:
    """Whether every name and value of a form body decodes as UTF-8, percent-escapes included."""
    try:
        parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except UnicodeDecodeError:
        return False
    except ValueError:
        pass  # too many fields: Django's own parsing refuses that with a 400
    return True


class FormEncodingMiddleware:
    """Refuse form bodies that are not UTF-8 with a 400, before anything reads request.POST.

    Our pages are UTF-8 and browsers send their forms back in UTF-8 without a charset
    parameter. Anything else is a client we cannot serve: Django raises BadRequest for a
    non-UTF-8 urlencoded body from inside CsrfViewMiddleware, and decodes other charsets
    (multipart, or an unknown label read as UTF-8) into text nobody typed. Answering here,
    once, gives the visitor the 400 page in the language LocaleMiddleware has just chosen.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        has_form_body = (
            request.method not in BODILESS_METHODS and request.content_type in FORM_CONTENT_TYPES
        )
        if charset is not None and not _is_utf8(charset):
            if has_form_body:
                raise BadRequest(f"Form body in an unsupported charset: {charset[:40]!r}")
            # A charset on a request without a form body describes nothing we read; left
            # in place, Django would decode the query string with it (and some codec
            # names, such as base64, cannot decode text at all).
            request.encoding = None
        elif charset is not None:
            # "utf8" or "UTF8" is UTF-8 too, but Django's check accepts only "utf-8".
            request.encoding = "utf-8"
        if (
            has_form_body
            and request.content_type == "application/x-www-form-urlencoded"
            and not _urlencoded_is_utf8(request.body)
        ):
            raise BadRequest("Form body is not valid UTF-8.")
        return self.get_response(request)


class CrossOriginResourcePolicyMiddleware:
    """Send Cross-Origin-Resource-Policy on every response, static files and errors included.

    First in MIDDLEWARE so it also sees WhiteNoise's static responses and Django's error
    pages. A response that must be embeddable by other sites sets its own value.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


class PermissionFailureLogMiddleware:
    """Log every refused (403) request of a signed-in user: who tried what."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403 and user is not None and user.is_authenticated:
            logger.warning(
                "permission denied user=%s method=%s path=%s",
                user.get_username(),
                request.method,
                request.path,
            )
        return response
