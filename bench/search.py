"""Benchmark (not a test): site search at national scale, through the real view.

Fills its own database (dropped and re-created) with `manage.py seed_bulk` (by default
80,000 pledges, 15,000 initiatives, 2,000 events and 3,000 news items), then requests
/fi/haku/?q=… and /sv/sok/?q=… for 20 fixed queries (Finnish and Swedish, common and rare
words, several words, Swedish definite forms) through Django's test client, page cache
off, and prints the p50/p95/p99 latency over every request, each query's median and match
count, and the EXPLAIN (ANALYZE) plan of the ranking query of one common word.

    .venv/bin/python bench/search.py \\
        --database postgres://postgres@127.0.0.1:5432/bench_search

`--reuse` skips the drop and the seeding when the database already holds the content (for
repeated runs while tuning).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import manage, percentile, recreate_database  # noqa: E402 - after the path is set

# (language, query): common and rare words, several words, definite and inflected forms.
QUERIES = [
    ("fi", "kirjasto"),
    ("fi", "kirjastossa"),
    ("fi", "kunta"),
    ("fi", "kielikahvila"),
    ("fi", "mentorointi"),
    ("fi", "maahanmuuttajille"),
    ("fi", "kesätyöpaikkoja nuorille"),
    ("fi", "suomen kielen kurssi"),
    ("fi", "satutunteja kirjastossa"),
    ("fi", '"kielikahviloita kirjastossa"'),
    ("fi", "zzyzx"),
    ("sv", "bibliotek"),
    ("sv", "biblioteket"),
    ("sv", "kommun"),
    ("sv", "föreningen"),
    ("sv", "språkcaféer"),
    ("sv", "sommarjobb för unga"),
    ("sv", "läsecirklar biblioteket"),
    ("sv", "kurser i finska"),
    ("sv", "integration -kommunen"),
]
PLAN_QUERY = ("fi", "kirjasto")
PATHS = {"fi": "/fi/haku/", "sv": "/sv/sok/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_search"
        ),
    )
    parser.add_argument("--pledges", type=int, default=80_000)
    parser.add_argument("--initiatives", type=int, default=15_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--news", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=10, help="Requests per query.")
    parser.add_argument("--reuse", action="store_true", help="Keep the database's content.")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": args.database,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-search-not-a-secret"),
        "ALLOWED_HOSTS": "testserver",
        "CACHE_URL": "locmemcache://",
        # The search itself is measured, not the page cache or the rate limits.
        "PAGE_CACHE_TIMEOUT": "0",
        "RATELIMIT_ENABLE": "false",
        "SECURE_SSL_REDIRECT": "false",
    }
    if not args.reuse:
        recreate_database(args.database)
        manage(env, "migrate", "-v0")
        started = time.perf_counter()
        manage(
            env,
            "seed_bulk",
            f"--pledges={args.pledges}",
            f"--initiatives={args.initiatives}",
            f"--events={args.events}",
            f"--news={args.news}",
        )
        print(f"Seeded in {time.perf_counter() - started:.0f} s.")
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import translation

    from pledges.models import Initiative, Pledge
    from search.query import site_search

    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load in production.
        for table in ("pledges_pledge", "pledges_initiative", "pledges_submission"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("VACUUM ANALYZE events_event")
        cursor.execute("VACUUM ANALYZE programmes_newsitem")
        cursor.execute("VACUUM ANALYZE search_searchentry")
    print(f"{Pledge.objects.count():,} pledges, {Initiative.objects.count():,} initiatives")

    # No collectstatic here: plain static URLs instead of the manifest's hashed ones.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    client = Client()
    timings: dict[tuple[str, str], list[float]] = {query: [] for query in QUERIES}
    counts: dict[tuple[str, str], int] = {}
    for language, query in QUERIES:  # warm-up: caches, connection, first-use imports
        response = client.get(PATHS[language], {"q": query})
        assert response.status_code == 200, (language, query, response.status_code)
    for _round in range(args.rounds):
        for language, query in QUERIES:
            started = time.perf_counter()
            response = client.get(PATHS[language], {"q": query})
            timings[(language, query)].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (language, query, response.status_code)
    for language, query in QUERIES:
        with translation.override(language):
            counts[(language, query)] = site_search(query=query, language=language).count

    every = [ms for values in timings.values() for ms in values]
    print()
    print(f"{'query':<40} {'lang':<4} {'matches':>8} {'median ms':>10}")
    for (language, query), values in timings.items():
        print(
            f"{query:<40} {language:<4} {counts[(language, query)]:>8,} "
            f"{statistics.median(values):>10.1f}"
        )
    print()
    print(
        f"{len(every)} requests: p50 {percentile(every, 0.50):.1f} ms, "
        f"p95 {percentile(every, 0.95):.1f} ms, p99 {percentile(every, 0.99):.1f} ms"
    )

    language, query = PLAN_QUERY
    with translation.override(language), CaptureQueriesContext(connection) as captured:
        results = site_search(query=query, language=language)
        results.matches(offset=0, limit=20)
    ranking = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {ranking}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print()
    print(f"EXPLAIN ANALYZE of the ranking query for {query!r} ({language}):")
    print(plan)


if __name__ == "__main__":
    main()
