"""Benchmark (not a test): the public lists and counts at national scale, with EXPLAIN ANALYZE.

Seeds N pledges (default 100,000; with 20 % as many initiatives, 5,000 events and 10,000
news items) with `manage.py seed_bulk`, then requests every public list the way a visitor
does (home, a theme page, the pledge and initiative lists with each filter, events, news),
captures the queries each page ran and prints, for each query on the public tables, its
EXPLAIN ANALYZE time and the indexes its plan uses. Each query runs a second time with the
indexes of issue 10 dropped inside a transaction that is rolled back, for comparison. Last,
the home page's wall time without and with the cached counts.

Needs PostgreSQL. Uses its own database (dropped and re-created):

    .venv/bin/python bench/plans.py --pledges 100000 \
        --database postgres://postgres@127.0.0.1:5432/bench_plans
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database  # noqa: E402 - after the path is set

# The indexes issue 10 added (migration pledges 0006).
ISSUE_10_INDEXES = [
    "pledge_public_recent_idx",
    "pledge_public_campaign_idx",
    "pledge_public_selected_idx",
    "initiative_public_recent_idx",
    "initiative_public_campaign_idx",
    "initiative_public_selected_idx",
    "submission_consent_idx",
    "organisation_type_idx",
    "organisation_region_idx",
    "pledge_themes_theme_idx",
    "initiative_themes_theme_idx",
    "pledge_public_title_fi_idx",
    "pledge_public_title_sv_idx",
    "initiative_public_title_fi_idx",
    "initiative_public_title_sv_idx",
]
# The tables whose queries are shown (the first table a query reads).
PUBLIC_TABLES = {
    "pledges_pledge",
    "pledges_initiative",
    "pledges_organisation",
    "portal_municipality",
    "events_event",
    "programmes_newsitem",
}
FIRST_TABLE = re.compile(r'^SELECT .*? FROM "(\w+)"', re.DOTALL)
INDEX_NAME = re.compile(r"(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")


def explain_analyze(sql: str, *, without_indexes: bool = False) -> tuple[float, list[str], str]:
    """(execution ms, indexes used, plan) of one query; optionally without issue 10's indexes."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if without_indexes:
            for name in ISSUE_10_INDEXES:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)  # the dropped indexes come back
    milliseconds = float(EXECUTION.search(plan).group(1))
    indexes = list(dict.fromkeys(INDEX_NAME.findall(plan)))
    return milliseconds, indexes, plan


def describe(sql: str) -> str:
    table = FIRST_TABLE.match(sql).group(1)
    if sql.startswith("SELECT COUNT(*)"):
        return f"count  {table}"
    if table == "portal_municipality":
        if "EXISTS" in sql:
            return "municipalities with public entries (cached)"
        return "select portal_municipality (their names)"
    if " LIMIT " in sql:
        return f"page   {table}"
    return f"select {table}"


def page_queries(client, path: str, params: dict) -> list[str]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # every count computed, none read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    queries = []
    for query in captured.captured_queries:
        match = FIRST_TABLE.match(query["sql"])
        if match and match.group(1) in PUBLIC_TABLES:
            queries.append(query["sql"])
    return queries


def pages() -> list[tuple[str, str, dict]]:
    from django.urls import reverse
    from django.utils import translation

    from pledges.models import Initiative, Organisation, Pledge
    from pledges.selectors import pledges_public
    from programmes.models import Campaign
    from themes.models import Theme

    with translation.override("fi"):
        theme = Theme.objects.order_by("number").first()
        campaign = Campaign.objects.order_by("-opens_at").first()
        organisation = (
            pledges_public().exclude(organisation__municipality=None).first().organisation
        )
        rare_region = "ahvenanmaa"
        listed = [("home", reverse("home"), {}), ("theme page", theme.get_absolute_url(), {})]
        filters = [
            ("", {}),
            ("theme", {"theme": theme.pk}),
            ("type", {"type": Organisation.Type.COMPANY}),
            ("region", {"region": "uusimaa"}),
            ("rare region", {"region": rare_region}),
            ("municipality", {"municipality": organisation.municipality_id}),
            ("campaign", {"campaign": campaign.pk}),
            ("selected", {"selected": "1"}),
            ("awarded", {"awarded": "1"}),
            ("title sort", {"sort": "title"}),
            ("page 50", {"page": 50}),
        ]
        for model, namespace in ((Pledge, "pledges"), (Initiative, "initiatives")):
            extra = [("seeking", {"seeking": "1"}), ("stage", {"stage": "implemented"})]
            for label, params in filters + (extra if model is Initiative else []):
                name = f"{namespace} list" + (f", {label}" if label else "")
                listed.append((name, reverse(f"{namespace}:list"), params))
        listed += [
            ("events, upcoming", reverse("events:list"), {}),
            ("events, past", reverse("events:list"), {"when": "past"}),
            ("news (fi)", reverse("news:list"), {}),
        ]
    with translation.override("sv"):
        listed.append(("news (sv)", reverse("news:list"), {}))
    return listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_plans"
        ),
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plans", action="store_true", help="Print every plan in full.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the database an earlier run seeded (seeding 100,000 takes minutes).",
    )
    args = parser.parse_args()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings_test",
            "DATABASE_URL": args.database,
            "CACHE_URL": "locmemcache://",
            "LOG_LEVEL": "WARNING",
        }
    )
    if not args.reuse:
        recreate_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not args.reuse:
        call_command(
            "seed_bulk",
            pledges=args.pledges,
            initiatives=args.pledges // 5,
            events=5_000,
            news=10_000,
            seed=args.seed,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
    with connection.cursor() as cursor:
        # As a live database is: statistics current, visibility map set (index-only scans).
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            "SELECT (SELECT count(*) FROM pledges_pledge), (SELECT count(*) FROM "
            "pledges_initiative), (SELECT count(*) FROM events_event), "
            "(SELECT count(*) FROM programmes_newsitem)"
        )
        sizes = cursor.fetchone()
    print(
        f"seeded in {time.perf_counter() - started:.0f} s: {sizes[0]:,} pledges, "
        f"{sizes[1]:,} initiatives, {sizes[2]:,} events, {sizes[3]:,} news items",
        flush=True,
    )

    client = Client()
    print(f"\n{'query':<58} {'with':>9} {'without':>9}  indexes used (with)")
    for label, path, params in pages():
        print(
            f"\n{label}  ({path}{'?' if params else ''}"
            f"{'&'.join(f'{k}={v}' for k, v in params.items())})"
        )
        for sql in page_queries(client, path, params):
            with_ms, indexes, plan = explain_analyze(sql)
            without_ms, _, _ = explain_analyze(sql, without_indexes=True)
            mine = [name for name in indexes if name in ISSUE_10_INDEXES]
            others = [name for name in indexes if name not in ISSUE_10_INDEXES]
            used = ", ".join(mine) + (f" (+ {', '.join(others)})" if others else "")
            print(f"  {describe(sql):<56} {with_ms:>7.1f}ms {without_ms:>7.1f}ms  {used}")
            if args.plans:
                print("    " + plan.replace("\n", "\n    "))

    from django.core.cache import cache
    from django.urls import reverse

    from pledges.templatetags.pledges_tags import home_counts

    cache.clear()
    started = time.perf_counter()
    counts = home_counts()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    home_counts()
    warm = time.perf_counter() - started
    print(f"\nhome counts {counts}: {cold * 1000:.0f} ms counted, {warm * 1000:.1f} ms cached")
    # A session cookie makes the page cache (portal/page_cache.py) step aside: this is the
    # cost of rendering the home page after a change, with and without the cached counts.
    client.cookies["sessionid"] = "bench"
    home = reverse("home")
    timings = {}
    for label in ("counts computed", "counts cached"):
        if label == "counts computed":
            cache.clear()
        started = time.perf_counter()
        assert client.get(home).status_code == 200
        timings[label] = time.perf_counter() - started
    print(
        "home page render (page cache bypassed): "
        + ", ".join(f"{ms * 1000:.0f} ms {label}" for label, ms in timings.items())
    )


if __name__ == "__main__":
    main()
