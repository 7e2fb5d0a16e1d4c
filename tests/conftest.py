"""Shared fixtures. Real services only: PostgreSQL, Redis, SMTP on loopback, Chromium.

A test that needs a service which is not running is skipped with the reason, so a
laptop without Redis can still run the rest; with REQUIRE_SERVICES=1 (set by .ci/run)
such a skip fails the run instead, so CI never passes by skipping.
"""

import email
import email.policy
import os
import socket

import pytest
import redis as redis_lib
from django.db import connection

# pytest-django's live_server and Playwright's sync API share the main thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing, or fail it when services are required."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


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
        self.reject_rcpt: str | None = None
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt:
            return self.reject_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
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
