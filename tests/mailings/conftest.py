"""Fixtures for tests with a real Celery worker, a real Redis broker and real SMTP.

The worker is a separate process (`celery -A portal worker`), so it must see what the test
writes: these tests use `transactional_db` (data is committed) on PostgreSQL, and hand the
worker the test database's name. The Celery app of the test process is switched from
in-process tasks to the same broker, so queued tasks really travel through Redis.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis as redis_lib
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app
from tests.conftest import skip_or_fail

BROKER_DB = 12
# What the environment said before any test switched brokers (restored afterwards).
_ENV_BROKER = os.environ.get("CELERY_BROKER_URL")
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.1, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s: {message}")


def _use_broker(url: str | None, eager: bool) -> None:
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration
    # (CI exports one), so the environment must point at the same broker.
    if url:
        os.environ["CELERY_BROKER_URL"] = url
    elif _ENV_BROKER is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = _ENV_BROKER
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = eager
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.__dict__.pop("producer_pool", None)


class CeleryWorker:
    """`celery -A portal worker` in its own process group, logging to a file."""

    def __init__(self, *, broker_url: str, smtp_port: int, tmp_path: Path, **knobs) -> None:
        self.broker_url = broker_url
        self.log_path = tmp_path / f"worker-{uuid.uuid4().hex[:8]}.log"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.mailings.worker_settings",
            "DATABASE_URL": (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                f"/{db['NAME']}"
            ),
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "CELERY_BROKER_URL": broker_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SITE_URL": settings.SITE_URL,
            "LOG_LEVEL": "WARNING",
            **{key: str(value) for key, value in knobs.items()},
        }
        if db.get("PASSWORD"):
            self.env["PGPASSWORD"] = db["PASSWORD"]
        self.process: subprocess.Popen | None = None

    def start(self, *, concurrency: int = 2) -> "CeleryWorker":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "-Q",
                "transactional,default,bulk",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"mailings-test-{uuid.uuid4().hex[:8]}@%h",
                "-l",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL takes the pool too
        )
        log.close()
        wait_for(
            lambda: " ready." in self.log() or self.process.poll() is not None,
            timeout=30,
            message="worker start",
        )
        assert self.process.poll() is None, self.log()
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def broker(redis_url, postgres, transactional_db):
    """The shared Redis at db 12 as the broker of this test process (flushed), on PostgreSQL."""
    base = redis_url.rsplit("/", 1)[0]
    url = f"{base}/{BROKER_DB}"
    client = redis_lib.Redis.from_url(url)
    client.flushdb()
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    _use_broker(url, eager=False)
    yield url
    _use_broker(*saved)
    client.flushdb()
    client.close()


class RedisServer:
    """A redis-server of our own on a free port, which a test may stop and start again."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def up() -> bool:
            try:
                return redis_lib.Redis(port=self.port, socket_connect_timeout=0.2).ping()
            except redis_lib.RedisError:
                return False

        wait_for(up, timeout=10, message="redis-server start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path, postgres, transactional_db):
    """A private Redis (not the shared one) as this test's broker, for stopping mid-send."""
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    _use_broker(server.url, eager=False)
    yield server
    _use_broker(*saved)
    server.stop()


@pytest.fixture
def celery_worker(tmp_path, smtp_server):
    """Factory: `celery_worker(broker_url, **knobs)` starts a worker; all are stopped after."""
    workers: list[CeleryWorker] = []

    def start(broker_url: str, **knobs) -> CeleryWorker:
        worker = CeleryWorker(
            broker_url=broker_url, smtp_port=smtp_server.port, tmp_path=tmp_path, **knobs
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
