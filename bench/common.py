"""What the benchmarks share: each runs on its own database, dropped and created afresh."""

from urllib.parse import urlsplit


def recreate_database(url: str) -> None:
    """Drop the database named in `url` (closing its connections) and create it empty."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
