"""Benchmark (not a test): the barometer's results page of a round with 10,000 responses.

Creates a closed round with N responses (default 10,000; every kind of question, answers
drawn from a fixed seed with `bulk_create`) in its own database (dropped and re-created),
then renders the results page with each breakdown (none, organisation type, region) and a
theme page the same way: through Django's test client, page cache off, R runs each after a
warm-up. Prints per page the number of queries, the median and p95 render time, and the
ratio to the theme page. The goal is "the same order of time as a theme page", with a query
count that does not depend on the number of answers (the figures are GROUP BY queries).

    .venv/bin/python bench/barometer.py \\
        --database postgres://postgres@127.0.0.1:5432/bench_barometer

About a minute with the defaults.
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


def _not_from_cache(response) -> None:
    assert "X-Page-Cache" not in response, "the page cache answered"


def seed(responses: int, seed_value: int) -> None:
    """A closed round with `responses` submitted responses and a few approved open answers."""
    from barometer.models import Answer
    from tests.barometer.factories_results import answers_make, respondents_spread, round_make

    made = round_make(year=2024)
    texts = [(f"Avoin vastaus {i}", Answer.Moderation.APPROVED) for i in range(200)]
    answers_make(
        made,
        respondents=respondents_spread(responses, seed=seed_value),
        seed=seed_value,
        texts=texts,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_barometer"
        ),
    )
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30, help="Requests per page.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Keep the database's content.")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": args.database,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-barometer-not-a-secret"),
        "ALLOWED_HOSTS": "testserver",
        "CACHE_URL": "locmemcache://",
        # The rendering is measured, not the page cache.
        "PAGE_CACHE_TIMEOUT": "0",
        "RATELIMIT_ENABLE": "false",
        "SECURE_SSL_REDIRECT": "false",
    }
    if not args.reuse:
        recreate_database(args.database)
        manage(env, "migrate", "-v0")
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import translation

    from barometer.models import Answer, AnswerChoice, Response
    from themes.models import Theme

    if not args.reuse:
        started = time.perf_counter()
        seed(args.responses, args.seed)
        manage(env, "seed_demo", "--allow-production", "-v0")  # the themes (and demo rounds)
        print(f"Seeded in {time.perf_counter() - started:.0f} s.")
        with connection.cursor() as cursor:
            for table in ("barometer_response", "barometer_answer", "barometer_answerchoice"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"{Response.objects.filter(survey__year=2024).count():,} responses, "
        f"{Answer.objects.filter(question__section__survey__year=2024).count():,} answers, "
        f"{AnswerChoice.objects.count():,} multiple-choice picks"
    )

    # No collectstatic here: plain static URLs instead of the manifest's hashed ones.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    with translation.override("fi"):
        results = reverse("barometer:results", kwargs={"year": 2024})
        theme = Theme.objects.order_by("number").first().get_absolute_url()
    pages = [
        ("theme page", theme),
        ("results, no breakdown", results),
        ("results, by type", results + "?breakdown=organisation_type"),
        ("results, by region", results + "?breakdown=region"),
        ("results CSV, by region", results + "tulokset.csv?breakdown=region"),
    ]
    client = Client()
    figures = []
    for name, path in pages:
        queries, timings = page_timings(client, path, args.runs, check=_not_from_cache)
        figures.append(
            (
                name,
                len(queries.times),
                sum(queries.times),
                statistics.median(timings),
                percentile(timings, 0.95),
                len(client.get(path).content),
            )
        )

    base = figures[0][3]
    print()
    print(
        f"{'page':<24} {'queries':>7} {'SQL ms':>7} {'median ms':>10} {'p95 ms':>8} "
        f"{'KiB':>5} {'÷ theme':>8}"
    )
    for name, count, sql_ms, median, p95, size in figures:
        print(
            f"{name:<24} {count:>7} {sql_ms:>7.1f} {median:>10.1f} {p95:>8.1f} "
            f"{size / 1024:>5.0f} {median / base:>8.1f}"
        )
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n{args.runs} runs per page after 3 warm-up requests; page cache off, DEBUG off; "
        f"{os.cpu_count()} CPUs, load average {load}."
    )


if __name__ == "__main__":
    main()
