"""The two commands' plumbing: make help, the Python check, the port check, the test database.

These run the real Makefile and scripts in subprocesses; none of them installs anything.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MAKE, "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return {
        name
        for name in re.findall(r"^([a-z][a-z-]*):(?!=)", text, flags=re.MULTILINE)
        if name != "help"
    }


def test_help_lists_every_target():
    listed = _make("help").stdout
    for target in _targets():
        assert f"make {target}" in listed, f"make help does not list {target}"


def test_phony_names_only_real_targets():
    text = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*?)(?<!\\)$", text, flags=re.MULTILINE | re.DOTALL)
    names = set(phony.group(1).replace("\\", " ").split())
    assert names - _targets() - {"help"} == set()
    assert _targets() <= names


def test_too_old_python_is_refused_not_replaced():
    # The interpreter running this test is new enough; stand in an old one with a script
    # that reports 3.11, the way a real python3.11 answers the version check.
    old = ROOT / "var" / "fake-python3.11"
    old.parent.mkdir(exist_ok=True)
    old.write_text(
        "#!/bin/sh\n"
        'case "$*" in *version_info*\\>=*) exit 1;; *python_version*) echo 3.11.7;; esac\n'
        "exit 0\n"
    )
    old.chmod(0o755)
    try:
        result = subprocess.run(
            [str(ROOT / "scripts" / "find-python")],
            env={**os.environ, "PYTHON": str(old)},
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        old.unlink()
    assert result.returncode == 1
    assert "3.11.7" in result.stderr
    assert "3.12 or newer" in result.stderr
    assert "apt-get install python3.12" not in result.stderr
    assert result.stdout == ""


def test_a_python_that_does_not_run_is_refused():
    result = subprocess.run(
        [str(ROOT / "scripts" / "find-python")],
        env={**os.environ, "PYTHON": "/nonexistent/python3.12"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "does not run" in result.stderr


def test_busy_port_is_reported_before_setup():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = _make("port-free", f"PORT={port}")
    assert result.returncode != 0
    assert f"port {port}" in result.stdout
    assert "already in use" in result.stdout


def test_free_port_passes():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _make("port-free", f"PORT={port}").returncode == 0


def _test_database(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "test-database")],
        env={**os.environ, "TEST_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_unreachable_postgresql_falls_back_to_sqlite_and_says_so():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _test_database(f"postgres://postgres@127.0.0.1:{port}/portal")
    assert result.returncode == 0
    assert result.stdout.strip() == ""
    assert "testing on SQLite" in result.stderr


def test_refused_login_is_an_error_not_a_fallback():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL server to refuse the login")
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    url = f"postgres://no_such_role_here@{host}:{port}/portal"
    result = _test_database(url)
    assert result.returncode == 1
    assert "refused" in result.stderr
    assert "no_such_role_here" in result.stderr
    assert "TEST_DATABASE_URL" in result.stderr
