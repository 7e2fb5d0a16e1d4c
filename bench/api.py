"""Benchmark (not a test): a page of 100 pledges through the open data API against the
HTML pledge list.

Seeds N public pledges (default 5,000, `seed_bulk`) in its own database (dropped and
re-created), gives the newest 300 two confirmed partners and an award each, then requests
through Django's test client, page cache off, R runs each after a warm-up:

- the HTML pledge list (its page of 20 cards),
- /api/v1/pledges/?page_size=100 (themes, partners and awards of each pledge),
- the API's second page (through its cursor), and /api/v1/pledges/?page_size=20.

Prints per page the queries, median and p95 time, requests per second and pledges per
second. The goal: the API serves its 100 pledges at a rate of the same order as the HTML
list, with a query count that does not depend on the page size.

    .venv/bin/python bench/api.py --database postgres://postgres@127.0.0.1:5432/bench_api

Under a minute with the defaults.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import manage, page_timings, percentile, recreate_database  # noqa: E402 - after the path is set


def decorate(count: int) -> None:
    """Two confirmed partners and an award for each of the newest `count` public pledges."""
    from pledges.models import Award, Organisation, Partner
    from pledges.selectors import pledges_public

    pledges = list(pledges_public().order_by("-id")[:count])
    organisations = list(Organisation.objects.order_by("id")[:50])
    Partner.objects.bulk_create(
        [
            Partner(
                submission_id=pledge.submission_id,
                organisation=organisations[(pledge.pk + step) % len(organisations)],
                contact_email=f"kumppani{pledge.pk}-{step}@example.fi",
                status=Partner.Status.CONFIRMED,
            )
            for pledge in pledges
            for step in (1, 2)
            if organisations[(pledge.pk + step) % len(organisations)].pk != pledge.organisation_id
        ],
        ignore_conflicts=True,
    )
    award = Award.objects.create(name_fi="Vuoden teko", name_sv="Årets gärning", year=2026)
    award.pledges.add(*pledges)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_api"
        ),
    )
    parser.add_argument("--pledges", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30, help="Requests per page.")
    parser.add_argument("--reuse", action="store_true", help="Keep the database's content.")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": args.database,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-api-not-a-secret"),
        "ALLOWED_HOSTS": "testserver",
        "CACHE_URL": "locmemcache://",
        "PAGE_CACHE_TIMEOUT": "0",  # the rendering is measured, not the page cache
        "RATELIMIT_ENABLE": "false",
        "API_RATE_LIMIT": "1000000/min",
        "SECURE_SSL_REDIRECT": "false",
    }
    if not args.reuse:
        recreate_database(args.database)
        manage(env, "migrate", "-v0")
        started = time.perf_counter()
        manage(env, "seed_bulk", "--pledges", str(args.pledges), "--seed", "1", "-v0")
        print(f"Seeded in {time.perf_counter() - started:.0f} s.")
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import translation

    from pledges.selectors import pledges_public

    if not args.reuse:
        decorate(300)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{pledges_public().count():,} public pledges")

    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    with translation.override("fi"):
        html_list = reverse("pledges:list")
    client = Client()
    second = client.get("/api/v1/pledges/?page_size=100").json()["next"]
    pages = [
        ("HTML list (20)", html_list, 20),
        ("API page_size=100", "/api/v1/pledges/?page_size=100", 100),
        ("API 2nd page (100)", second.removeprefix("http://testserver"), 100),
        ("API page_size=20", "/api/v1/pledges/?page_size=20", 20),
    ]
    figures = []
    for name, path, items in pages:
        queries, timings = page_timings(client, path, args.runs)
        median = statistics.median(timings)
        figures.append((name, len(queries), median, percentile(timings, 0.95), items))

    print()
    print(
        f"{'page':<20} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'req/s':>7} {'items/s':>8}"
    )
    for name, count, median, p95, items in figures:
        print(
            f"{name:<20} {count:>7} {median:>10.1f} {p95:>8.1f} "
            f"{1000 / median:>7.1f} {items * 1000 / median:>8.0f}"
        )
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n{args.runs} runs per page after 3 warm-up requests; page cache off, DEBUG off; "
        f"{os.cpu_count()} CPUs, load average {load}."
    )


if __name__ == "__main__":
    main()
