"""Shared fixtures. Real services only: PostgreSQL, Redis, SMTP on loopback, Chromium.

A test that needs a service which is not running is skipped with the reason, so a
laptop without Redis can still run the rest; with REQUIRE_SERVICES=1 (set by .ci/run)
such a skip fails the run instead, so CI never passes by skipping.
"""

import email
import email.policy
import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis as redis_lib
from django.db import connection

# pytest-django's live_server and Playwright's sync API share the main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Finnish), whatever the previous one left:
    the test client leaves the last request's language active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database rolls back after each test, but
    a page cached by an earlier one (a sitemap page, a content version) would outlive it."""
    from django.core.cache import cache

    from portal import page_cache

    cache.clear()
    page_cache.clear_local()


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing, or fail it when services are required."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def assert_valid_html(pages: list[bytes], tmp_path: Path) -> None:
    """Check pages with the Nu HTML checker (npm vnu-jar, system Java) in one run."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        skip_or_fail("the Nu HTML checker needs java and node_modules/vnu-jar (npm ci)")
    files = []
    for number, content in enumerate(pages):
        page = tmp_path / f"page-{number}.html"
        page.write_bytes(content)
        files.append(str(page))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a real Redis database reserved for tests (db 15), flushed before use."""
    try:
        client = redis_lib.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
        client.flushdb()
        client.close()
    except redis_lib.RedisError as exc:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL} ({exc})")
    return REDIS_URL


class SmtpSink:
    """A real SMTP server (aiosmtpd) on the loopback that keeps what it receives.

    Set `reject_rcpt` to an SMTP reply such as "550 5.1.1 No such user" or
    "451 4.3.0 Try later" to refuse recipients; `stop()` makes the port refuse connections.
    """

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.messages: list[email.message.EmailMessage] = []
        # The bytes as they came over the wire (parsing would decode RFC 2047 headers).
        self.raw: list[bytes] = []
        self.reject_rcpt: str | None = None
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt:
            return self.reject_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.original_content)
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # A stopped controller cannot start again: a fresh one takes the same port.
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def recipients(self) -> list[str]:
        return [str(message["To"]) for message in self.messages]


@pytest.fixture
def smtp_server(settings):
    """Route the default mailer to a fresh SMTP sink on 127.0.0.1 for this test."""
    sink = SmtpSink()
    sink.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    yield sink
    sink.stop()


def totp_device(user):
    """Give a staff account a confirmed authenticator device (what enrol_totp does)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_token(device) -> str:
    """The code the staff member's authenticator app shows right now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def verified_login(client, user):
    """Log a staff account in as if it had passed the second factor (TOTP)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, but past the admin's second factor as staff must be."""
    return verified_login(client, admin_user)


@contextmanager
def celery_broker_down():
    """Point the Celery app where no broker listens, as if Redis were down.

    Celery prefers CELERY_BROKER_URL from the environment (CI exports one) over its
    configuration, so both are switched, and restored afterwards.
    """
    from portal.celery import app as celery_app

    saved_env = os.environ.get("CELERY_BROKER_URL")
    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    os.environ["CELERY_BROKER_URL"] = "redis://127.0.0.1:1/0"
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    with celery_broker_down():
        yield


@pytest.fixture
def postgres(db) -> None:
    """Mark a test that exercises PostgreSQL-only behaviour."""
    if connection.vendor != "postgresql":
        skip_or_fail("this test needs PostgreSQL (set DATABASE_URL=postgres://…)")


def pytest_sessionfinish(session, exitstatus):
    if not REQUIRE_SERVICES:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"REQUIRE_SERVICES=1: {len(skipped)} test(s) were skipped; CI allows none.",
            red=True,
        )
        session.exitstatus = 1


def public_paths() -> list[str]:
    """The pages every visitor can reach, in both languages (the themes from the database)."""
    from django.urls import reverse
    from django.utils import translation

    from themes.models import Theme

    paths = []
    for lang in ("fi", "sv"):
        with translation.override(lang):
            paths += [
                reverse(name)
                for name in (
                    "home",
                    "programmes:programme",
                    "themes:list",
                    "accessibility",
                    "privacy",
                )
            ]
            paths += [theme.get_absolute_url() for theme in Theme.objects.all()]
    return paths
