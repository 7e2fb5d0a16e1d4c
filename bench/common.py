"""What the benchmarks share: each runs on its own database, dropped and created afresh."""

import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict, *args: str) -> None:
    """Run a manage.py command of the project with `env` (its database and settings)."""
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0.5 the median, 0.95 the p95) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def recreate_database(url: str) -> None:
    """Drop the database named in `url` (closing its connections) and create it empty."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class QueryTimer:
    """An execute wrapper that keeps the duration of every query (ms) of one request;
    len() is the number of queries."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def __len__(self) -> int:
        return len(self.times)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - started) * 1000)


def page_timings(client, path: str, runs: int, *, check=None) -> tuple[QueryTimer, list[float]]:
    """One page through the test client: three warm-up requests, the queries of one
    request, then the time (ms) of `runs` requests; `check(response)` may assert more."""
    from django.db import connection

    for _warm in range(3):
        assert client.get(path).status_code == 200, path
    queries = QueryTimer()
    with connection.execute_wrapper(queries):
        client.get(path)
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
        if check is not None:
            check(response)
    return queries, timings
