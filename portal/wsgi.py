import os

import django
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils.http import parse_header_parameters


class PortalWSGIRequest(WSGIRequest):
    """Django's request, but a Content-Type charset that names no text encoding is ignored.

    Django takes any name codecs knows, and while the request is still being built its
    encoding setter decodes the query string with it: "charset=base64" (a bytes-to-bytes
    codec) then fails before any middleware runs, a 500 for any URL. Without the charset
    the request is UTF-8 as usual, and FormEncodingMiddleware refuses a form body that
    claims another charset with a 400.
    """

    def _set_content_type_params(self, meta) -> None:
        try:
            _, params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
        except ValueError:
            params = {}
        charset = params.get("charset")
        if charset is not None:
            try:
                b"x".decode(charset)  # (empty bytes decode even with base64)
            except LookupError:  # unknown, or not a text encoding
                meta = {**meta, "CONTENT_TYPE": _without_charset(meta["CONTENT_TYPE"])}
            except UnicodeError:
                pass  # a text encoding in which "x" alone is incomplete, such as UTF-16
        super()._set_content_type_params(meta)
        if charset is not None:
            # Keep what the client said for FormEncodingMiddleware to judge.
            self.content_params["charset"] = charset


def _without_charset(content_type: str) -> str:
    parts = [p for p in content_type.split(";") if not p.strip().lower().startswith("charset")]
    return ";".join(parts)


class PortalWSGIHandler(WSGIHandler):
    request_class = PortalWSGIRequest


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup(set_prefix=False)

from portal.statement_timeout import install as install_statement_timeout  # noqa: E402

# Only web processes import this module: their queries get the statement timeout.
install_statement_timeout()
application = PortalWSGIHandler()
