"""What the benchmarks share: each runs on its own database, dropped and created afresh."""

import subprocess
import sys
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
