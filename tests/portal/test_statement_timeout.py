"""Web requests run under a PostgreSQL statement timeout (portal/statement_timeout.py): a
query that runs too long is cancelled by the database and the visitor gets a 503 page in
their language with Retry-After, never a 500; workers and commands keep no limit."""

import importlib
import logging
import os
import subprocess
import sys

import pytest
from django.db import OperationalError, connection, connections

from portal import statement_timeout, views

pytestmark = pytest.mark.django_db


def slow_selector(*args, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")


@pytest.fixture
def web_timeout(settings, postgres):
    """This test's connection as a web process has it, with a short limit."""
    settings.DB_STATEMENT_TIMEOUT_MS = 200
    settings.PAGE_CACHE_TIMEOUT = 0
    statement_timeout._set_statement_timeout(None, connection)
    # (SET inside the test's transaction is undone when it rolls back.)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("fi", "Palvelu on ruuhkautunut"), ("sv", "Tjänsten är överbelastad")],
)
def test_a_slow_query_answers_503_in_the_visitors_language(
    client, web_timeout, monkeypatch, caplog, lang, text
):
    monkeypatch.setattr(views, "programme_current", slow_selector)
    with caplog.at_level(logging.WARNING, logger="portal.views"):
        response = client.get(f"/{lang}/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(views.SERVICE_UNAVAILABLE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert text in page
    assert any("statement timeout" in record.getMessage() for record in caplog.records)


def test_a_cancelled_query_outside_a_view_is_a_503_too(rf, web_timeout):
    """A middleware's query has no process_exception: the 500 handler tells it apart."""
    request = rf.get("/fi/")
    try:
        slow_selector()
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]


def test_other_errors_stay_500(rf):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = views.server_error(rf.get("/fi/"))
    assert response.status_code == 500


def test_commands_and_workers_run_without_the_limit(postgres):
    """Only portal/wsgi.py installs the timeout: a management command (like a Celery worker,
    which never imports it either) keeps PostgreSQL's default, no limit."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        "DB_STATEMENT_TIMEOUT_MS": "1234",
    }
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings_module_dir(),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "0"


def settings_module_dir() -> str:
    from django.conf import settings

    return str(settings.BASE_DIR)


def test_a_web_process_connection_gets_the_limit(settings, postgres):
    settings.DB_STATEMENT_TIMEOUT_MS = 1500
    statement_timeout.install()
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "1500ms"
    finally:
        fresh.close()
        from django.db.backends.signals import connection_created

        connection_created.disconnect(dispatch_uid="portal-web-statement-timeout")


def test_the_wsgi_module_installs_it():
    from django.db.backends.signals import connection_created

    import portal.wsgi

    importlib.reload(portal.wsgi)  # (another test may have imported it already)

    try:
        assert any(
            receiver[0][0] == "portal-web-statement-timeout"
            for receiver in connection_created.receivers
        )
    finally:
        connection_created.disconnect(dispatch_uid="portal-web-statement-timeout")
