"""No web request may hold a worker or the database for long.

Web processes (portal/wsgi.py calls `install()`) run every PostgreSQL statement under
`statement_timeout = DB_STATEMENT_TIMEOUT_MS`: a query that runs longer (waiting for a lock
included) is cancelled by the server itself, well before gunicorn's worker timeout, instead
of running on after gunicorn has killed the worker. Celery workers, migrations and
management commands never import portal/wsgi.py, so their long jobs keep no limit.

A cancelled query reaches the view as an OperationalError; QueryTimeoutMiddleware answers
it with a 503 page in the visitor's language and Retry-After, and logs a warning. The page
needs no query (the database is busy) and is never cached.
"""

import logging

from django.conf import settings
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATE for "canceling statement due to statement timeout" (and other
# cancellations, which deserve the same answer).
QUERY_CANCELED = "57014"


def _set_statement_timeout(sender, connection, **kwargs) -> None:
    milliseconds = int(settings.DB_STATEMENT_TIMEOUT_MS)
    if connection.vendor != "postgresql" or milliseconds <= 0:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {milliseconds}")


def install() -> None:
    """Give every new database connection of this process the web statement timeout."""
    connection_created.connect(
        _set_statement_timeout, dispatch_uid="portal-web-statement-timeout", weak=False
    )


def is_query_cancelled(exception: BaseException | None) -> bool:
    """Whether the database cancelled a statement (timeout) somewhere in this exception."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        code = getattr(exception, "sqlstate", None) or getattr(exception, "pgcode", None)
        if code == QUERY_CANCELED:
            return True
        exception = exception.__cause__ or exception.__context__
    return False


class QueryTimeoutMiddleware:
    """Turn a cancelled query (the statement timeout) into a 503 page instead of a 500."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_query_cancelled(exception):
            return None
        from portal.views import service_unavailable

        return service_unavailable(request)
