"""The public lists and counts can be served by the indexes of issue 10 (PostgreSQL only).

Each test requests a public page, takes the queries that page really ran (the exact
querysets of the views, template tags and selectors), and asks PostgreSQL for their plans.
Sequential scans are switched off for the EXPLAIN: on a test database of a few hundred rows
a sequential scan is the cheapest plan, but with it off the planner shows whether an index
can serve the query at all, and which one. A query no index serves shows "Seq Scan" anyway.

A list's page (ORDER BY … LIMIT) must use the index made for it. A count reads every
matching row, and on a few hundred rows in one uncommitted transaction (no visibility map,
so no index-only scans) the planner's pick among equally good indexes is a coin toss: counts
must only be served by some index. bench/plans.py runs the same queries on 100,000 pledges
with EXPLAIN ANALYZE and shows which indexes they use there; the counts are cached anyway.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from news.models import NewsItem
from pledges.models import Award, Entry, Initiative, Organisation, Pledge
from tests.events.factories import EventFactory
from tests.pledges.factories import (
    CampaignFactory,
    OrganisationFactory,
    SubmissionFactory,
    municipality,
)
from themes.models import Theme

pytestmark = pytest.mark.usefixtures("postgres")

FIRST_TABLE = re.compile(r'^SELECT .*? FROM "(\w+)"', re.DOTALL)
ENTRY_TABLES = {"pledges_pledge": "pledge", "pledges_initiative": "initiative"}


@pytest.fixture
def data(db):
    """Enough rows of every kind, public and not, for the planner to have a choice."""
    now = timezone.now()
    theme = Theme.objects.order_by("number").first()
    campaigns = [CampaignFactory(), CampaignFactory()]
    organisations = [
        OrganisationFactory(type=kind, region=region, municipality=municipality(code))
        for kind, region, code in [
            (Organisation.Type.ASSOCIATION, "pirkanmaa", "837"),
            (Organisation.Type.COMPANY, "uusimaa", "091"),
            (Organisation.Type.MUNICIPALITY, "lappi", "698"),
        ]
    ]
    submissions = [
        SubmissionFactory(organisation=organisation, campaign=campaign)
        for organisation in organisations
        for campaign in campaigns
    ]
    hidden = SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    statuses = [Entry.Status.PUBLISHED] * 3 + [Entry.Status.SUBMITTED, Entry.Status.REJECTED]
    for model in (Pledge, Initiative):
        entries = []
        for number in range(300):
            submission = hidden if number % 17 == 0 else submissions[number % len(submissions)]
            status = statuses[number % len(statuses)]
            entries.append(
                model(
                    submission=submission,
                    organisation=submission.organisation,
                    campaign=submission.campaign,
                    title_fi=f"{model._meta.verbose_name} {number}",
                    text_fi="Teksti.",
                    original_language="fi",
                    status=status,
                    selected=number % 11 == 0,
                    published_at=now - timedelta(hours=number)
                    if status == Entry.Status.PUBLISHED
                    else None,
                )
            )
        model.objects.bulk_create(entries)
        through = model.themes.through
        themes = list(Theme.objects.order_by("number"))
        through.objects.bulk_create(
            through(**{model._meta.model_name: entry, "theme": themes[index % len(themes)]})
            for index, entry in enumerate(entries)
        )
        award = Award.objects.create(name_fi="Palkinto", year=2026)
        getattr(award, f"{model._meta.model_name}s").set(entries[:3])
    for number in range(40):
        starts = now + timedelta(days=number - 20)
        EventFactory(
            starts_at=starts, ends_at=starts + timedelta(hours=2), is_published=number % 5 != 0
        )
    NewsItem.objects.bulk_create(
        NewsItem(
            title_fi=f"Uutinen {number}",
            title_sv=f"Nyhet {number}",
            published_fi=now - timedelta(days=number),
            published_sv=now - timedelta(days=number) if number % 2 else None,
        )
        for number in range(60)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # counts the rows of this (uncommitted) transaction too
    return {"theme": theme, "campaign": campaigns[0], "organisation": organisations[1]}


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return plan


def page_queries(client, path: str, **params) -> dict[str, list[tuple[str, str]]]:
    """The SELECTs the page ran, by the table they read first, each with its plan."""
    cache.clear()  # the cached counts must be computed, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    queries: dict[str, list[tuple[str, str]]] = {}
    for query in captured.captured_queries:
        match = FIRST_TABLE.match(query["sql"])
        if match:
            queries.setdefault(match.group(1), []).append((query["sql"], explain(query["sql"])))
    return queries


def url(name: str, lang: str = "fi", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def assert_served(plans: list[tuple[str, str]], table: str, indexes: set[str] | None) -> None:
    """Every query reads `table` through an index, one of `indexes` if given."""
    assert plans, f"the page ran no query on {table}"
    for sql, plan in plans:
        assert f"Seq Scan on {table}" not in plan, f"{sql}\n{plan}"
        assert f" on {table}" in plan, f"{sql}\n{plan}"
        if indexes is not None:
            assert any(index in plan for index in indexes), f"{sql}\n{plan}"


def public_indexes(name: str) -> set[str]:
    """The partial indexes that hold exactly the published entries (either serves a count)."""
    return {f"{name}_public_recent_idx", f"{name}_public_campaign_idx"}


def theme_indexes(name: str) -> set[str]:
    """A theme's entries in the through table: by (theme, entry), or Django's own on theme."""
    return {f"{name}_themes_theme_idx", f"pledges_{name}_themes_theme_id_"}


# Events are found by their own start and end indexes (events 0001); partial indexes on the
# published ones gained nothing at 5,000 events (bench/plans.py).
EVENT_INDEXES = {"events_event_starts_at_", "events_event_ends_at_"}


def is_count(sql: str) -> bool:
    return sql.startswith("SELECT COUNT(*)")


def test_home_page_recent_entries_and_counts_use_the_public_indexes(client, data):
    queries = page_queries(client, url("home"))
    for table, name in ENTRY_TABLES.items():
        # The count of each kind (for pledges also the two progress figures), then the
        # newest three: read backwards along the index.
        (*counts, recent) = queries[table]
        assert counts and all(is_count(count[0]) for count in counts)
        assert len(counts) == (3 if table == "pledges_pledge" else 1)
        assert_served(counts, table, None)
        assert_served([recent], table, {f"{name}_public_recent_idx"})
        assert "Sort" not in recent[1], recent
    # The number of organisations: those behind a public pledge or initiative.
    ((sql, plan),) = queries["pledges_organisation"]
    assert "Seq Scan" not in plan, plan
    # The next events: along their start times (the column's own index, from events 0001).
    assert_served(queries["events_event"], "events_event", EVENT_INDEXES)
    # The latest news: along the Finnish edition's date (its own index, from 0003).
    assert_served(queries["programmes_newsitem"], "programmes_newsitem", {"published_fi"})


def test_home_counts_come_from_the_cache_until_something_changes(client, data):
    page_queries(client, url("home"))
    with CaptureQueriesContext(connection) as captured:
        client.get(url("home"))
    counts = [q for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert counts == []


def test_theme_page_recent_entries_and_counts_use_the_public_indexes(client, data):
    theme = data["theme"]
    with translation.override("fi"):
        path = theme.get_absolute_url()
    queries = page_queries(client, path)
    for table, name in ENTRY_TABLES.items():
        # The page, its count (for pledges also the two programme-wide progress figures).
        (page, *counts) = queries[table]
        assert all(is_count(count[0]) for count in counts)
        assert len(counts) == (3 if table == "pledges_pledge" else 1)
        assert_served([page], table, public_indexes(name) | theme_indexes(name))
        assert_served(counts, table, None)


PUBLIC = {"{name}_public_recent_idx", "{name}_public_campaign_idx"}
THEME = {"{name}_themes_theme_idx", "pledges_{name}_themes_theme_id_"}
# Each filter: the query parameters, and the indexes that may serve it (None: any index;
# the municipality and the award are found through the foreign keys' own indexes).
FILTERS = {
    "none": ({}, PUBLIC),
    "theme": ({"theme": "theme"}, PUBLIC | THEME),
    # At test size the planner may also start from the published rows by the status
    # column's own index and filter the organisations (costs within a hair of each other).
    "type": (
        {"type": Organisation.Type.COMPANY},
        PUBLIC | {"organisation_type_idx", "pledges_{name}_status_"},
    ),
    "region": ({"region": "uusimaa"}, PUBLIC | {"organisation_region_idx"}),
    "municipality": ({"municipality": "organisation"}, None),
    "campaign": ({"campaign": "campaign"}, PUBLIC),
    "selected": ({"selected": "1"}, {"{name}_public_selected_idx"}),
    "awarded": ({"awarded": "1"}, None),
    "title": ({"sort": "title"}, PUBLIC | {"{name}_public_title_fi_idx"}),
    "all": (
        {"theme": "theme", "type": Organisation.Type.COMPANY, "selected": "1"},
        {"{name}_public_selected_idx", "{name}_themes_theme_idx", "organisation_type_idx"},
    ),
}


def filter_params(params: dict, data: dict) -> dict:
    values = {
        "theme": str(data["theme"].pk),
        "campaign": str(data["campaign"].pk),
        "organisation": str(data["organisation"].municipality_id),
    }
    return {key: values.get(value, value) for key, value in params.items()}


@pytest.mark.parametrize("namespace", ["pledges", "initiatives"])
@pytest.mark.parametrize("case", FILTERS)
def test_entry_list_with_each_filter_uses_an_index(client, data, namespace, case):
    params, indexes = FILTERS[case]
    table = f"pledges_{namespace[:-1]}"
    queries = page_queries(client, url(f"{namespace}:list"), **filter_params(params, data))
    name = namespace[:-1]
    # The paginator's count and the page itself.
    (count, page) = queries[table]
    assert is_count(count[0])
    expected = None if indexes is None else {index.format(name=name) for index in indexes}
    assert_served([page], table, expected)
    assert_served([count], table, None)
    if case == "none":
        # The first page: twenty rows read backwards along the index, no sort of them all.
        assert f"{name}_public_recent_idx" in page[1] and "Sort" not in page[1], page
    if case == "title":
        # In Finnish collation along the expression index (migration pledges 0006).
        assert f"{name}_public_title_fi_idx" in page[1] and "Sort" not in page[1], page


@pytest.mark.parametrize(
    "params",
    [
        {"seeking": "1"},
        {"stage": Initiative.Stage.IDEA},
    ],
)
def test_initiative_only_filters_use_an_index(client, data, params):
    queries = page_queries(client, url("initiatives:list"), **params)
    (count, page) = queries["pledges_initiative"]
    assert_served([page], "pledges_initiative", public_indexes("initiative"))
    assert_served([count], "pledges_initiative", None)


@pytest.mark.parametrize(
    "params",
    [{}, {"when": "upcoming", "kind": Event.Kind.WEBINAR}, {"when": "past"}],
)
def test_event_list_uses_the_public_indexes(client, data, params):
    queries = page_queries(client, url("events:list"), **params)
    assert_served(queries["events_event"], "events_event", EVENT_INDEXES)


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("params", [{}, {"kind": NewsItem.Kind.PRESS_RELEASE}])
def test_news_list_uses_the_index_of_its_language(client, data, lang, params):
    queries = page_queries(client, url("news:list", lang), **params)
    # Each edition's date has its own index (0003): the list reads along it.
    assert_served(queries["programmes_newsitem"], "programmes_newsitem", {f"published_{lang}"})
