"""Search at national scale (issue 10): stored GIN-indexed vectors, ranking and counting in
the database, pagination beyond the old 500-match cap, Swedish definite forms."""

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from events.models import Event
from news.models import NewsItem
from pledges.models import Entry, Initiative, Pledge
from search import query as search
from search.index import index_refresh
from search.models import SearchEntry
from tests.events.factories import EventFactory
from tests.pledges.factories import SubmissionFactory
from tests.pledges.test_browse import PledgeFactory, url

pytestmark = pytest.mark.django_db


def search_page(client, lang: str, q: str, **params) -> str:
    response = client.get(url("search:search", lang), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(
            r'<h3 class="search-result__title"><a href="[^"]+"><span[^>]*>(.*?)</span>', html
        )
    ]


def bulk_pledges(count: int, *, title: str, submission=None, **fields) -> list[Pledge]:
    """Pledges written with bulk_create (no save(), no signals, no Python per row), then
    indexed as seed_bulk indexes them."""
    submission = submission or SubmissionFactory()
    now = timezone.now()
    defaults = {"status": Entry.Status.PUBLISHED, "original_language": "fi"}
    pledges = Pledge.objects.bulk_create(
        [
            Pledge(
                submission=submission,
                organisation=submission.organisation,
                campaign=submission.campaign,
                title_fi=f"{title} {number}",
                text_fi="Teksti.",
                published_at=now - timedelta(minutes=number),
                **{**defaults, **fields},
            )
            for number in range(count)
        ]
    )
    index_refresh()
    return pledges


def test_bulk_created_rows_get_their_vectors_from_the_database(client, postgres):
    bulk_pledges(3, title="Kielikahvila kirjastossa")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pledges_pledge"
            " WHERE search_vector_fi @@ to_tsquery('finnish', 'kirjasto')"
        )
        assert cursor.fetchone()[0] == 3
    assert "3 tulosta" in search_page(client, "fi", "kirjasto")


def test_vectors_follow_updates_and_weigh_title_over_text(postgres):
    pledge = PledgeFactory(title_fi="Läksykerho", text_fi="Kirjastossa joka tiistai.")
    Pledge.objects.filter(pk=pledge.pk).update(title_sv="Läxhjälp på biblioteket")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector_fi::text, search_vector_sv::text FROM pledges_pledge"
            " WHERE id = %s",
            [pledge.pk],
        )
        fi, sv = cursor.fetchone()
    assert "'läksykerho':1A" in fi and "'kirjasto':2B" in fi
    assert "'biblioteket':3A" in sv


def test_the_search_query_is_served_by_the_gin_indexes(postgres):
    """EXPLAIN the ranking query: it reads the search index through its GIN indexes.

    Test tables are tiny, so the planner rightly prefers to scan them, or to read a small
    btree index whole. With sequential and plain index scans off and, in a savepoint rolled
    back after, only the GIN indexes left on the index table, the plan must still read it
    through them: they serve the whole query, public filter included (only public objects
    are in the index). bench/search.py prints the plan PostgreSQL chooses at 100,000
    entries."""
    table = SearchEntry._meta.db_table
    bulk_pledges(2, title="Kielikahvila")
    with translation.override("fi"), CaptureQueriesContext(connection) as captured:
        assert search.site_search(query="kielikahvila", language="fi").count == 2
    ranking = captured.captured_queries[-1]["sql"]
    assert f'FROM "{table}"' in ranking and "LIMIT" in ranking
    # One table: no content table is joined, no vector is computed at query time.
    assert "pledges_" not in ranking and "to_tsvector" not in ranking
    savepoint = transaction.savepoint_create()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text FROM pg_index i"
                " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid"
                " JOIN pg_am am ON am.oid = x.relam"
                " WHERE t.relname = %s AND am.amname <> 'gin' AND NOT i.indisunique",
                [table],
            )
            for (index,) in cursor.fetchall():
                cursor.execute(f"DROP INDEX {index}")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {ranking}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    finally:
        transaction.savepoint_rollback(savepoint)
    for language in ("fi", "sv"):
        assert f"Bitmap Index Scan on search_entry_vector_{language}_gin" in plan, plan
    assert f"Seq Scan on {table}" not in plan


def test_six_hundred_matches_are_counted_and_paged(client, postgres, django_assert_max_num_queries):
    bulk_pledges(600, title="Kielikahvila")
    bulk_pledges(5, title="Muu asia")
    with django_assert_max_num_queries(12):
        first = search_page(client, "fi", "kielikahvila")
    assert "600 tulosta" in first
    assert first.count('class="search-result"') == 20
    assert 'href="?q=kielikahvila&amp;page=2"' in first
    assert 'href="?q=kielikahvila&amp;page=30"' in first
    second = search_page(client, "fi", "kielikahvila", page=2)
    assert second.count('class="search-result"') == 20
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    last = search_page(client, "fi", "kielikahvila", page=30)
    assert last.count('class="search-result"') == 20
    # Equal ranks: newest first, so the last page holds the oldest.
    assert "Kielikahvila 599" in result_titles(last)
    # Out of range: the last page, not an error.
    assert result_titles(search_page(client, "fi", "kielikahvila", page=99)) == result_titles(last)


def test_more_matches_than_are_ranked_say_so(client, postgres, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 40)
    bulk_pledges(45, title="Kielikahvila")
    html = search_page(client, "fi", "kielikahvila")
    assert "Yli 40 tulosta" in html
    assert "Tarkenna hakua" in html
    assert 'href="?q=kielikahvila&amp;page=2"' in html
    assert 'href="?q=kielikahvila&amp;page=3"' not in html
    assert search_page(client, "fi", "kielikahvila", page=2).count('class="search-result"') == 20
    assert "Över 40 träffar" in search_page(client, "sv", "kielikahvila")


def test_unpublished_and_unconsented_entries_never_appear(client, postgres):
    bulk_pledges(25, title="Kielikahvila julkinen")
    for status in (Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.WITHDRAWN):
        bulk_pledges(30, title=f"Kielikahvila piilo {status}", status=status)
    no_consent = SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    bulk_pledges(30, title="Kielikahvila piilo suostumus", submission=no_consent)
    EventFactory(title_fi="Kielikahvila piilo tapahtuma", is_published=False)
    NewsItem.objects.create(
        title_fi="Kielikahvila piilo uutinen",
        published_fi=timezone.now() + timedelta(days=1),
    )
    pages = [search_page(client, "fi", "kielikahvila", page=page) for page in (1, 2)]
    assert "25 tulosta" in pages[0]
    assert sum(html.count('class="search-result"') for html in pages) == 25
    assert not any("piilo" in html for html in pages)


@pytest.mark.parametrize(
    ("lang", "query", "field", "title"),
    [
        # The swedish stemmer leaves definite singulars alone; the query widens to them.
        ("sv", "bibliotek", "title_sv", "Läxhjälp på biblioteket"),
        ("sv", "kommun", "title_sv", "Språkcafé i samarbete med kommunen"),
        ("sv", "förening", "title_sv", "Föreningen ordnar läsecirklar"),
        ("sv", "skola", "title_sv", "Läxhjälp i skolan"),
        ("sv", "hjärta", "title_sv", "Med hela hjärtat"),
        ("sv", "by", "title_sv", "Språkcafé i byn"),
        # And a definite form typed finds the base form.
        ("sv", "biblioteket", "title_sv", "Nytt bibliotek i staden"),
        ("sv", "skolan", "title_sv", "Läxhjälp för skolor"),
        # Swedish entries on the Finnish site (each vector with its own configuration).
        ("fi", "bibliotek", "title_sv", "Läxhjälp på biblioteket"),
        # The finnish stemmer reduces the cases to one stem.
        ("fi", "kirjasto", "title_fi", "Läksykerho kirjastossa"),
        ("fi", "kirjasto", "title_fi", "Tervetuloa kirjastoon"),
        ("fi", "kirjastossa", "title_fi", "Uusi kirjasto avataan"),
        ("sv", "kirjasto", "title_fi", "Läksykerho kirjastossa"),
    ],
)
def test_inflected_and_definite_forms_are_found(client, postgres, lang, query, field, title):
    PledgeFactory(**{"title_fi": "", "text_fi": "", field: title})
    PledgeFactory(title_fi="Jotain muuta", text_fi="Ei liity.", title_sv="Något annat")
    assert result_titles(search_page(client, lang, query)) == [title]


def test_definite_forms_do_not_widen_into_other_words(client, postgres):
    PledgeFactory(title_fi="", title_sv="Kommunikation för alla")
    PledgeFactory(title_fi="", title_sv="Vi bygger nytt")
    assert result_titles(search_page(client, "sv", "kommun")) == []
    assert result_titles(search_page(client, "sv", "by")) == []


def test_other_language_entries_are_found_with_their_own_configuration(client, postgres):
    PledgeFactory(title_fi="", text_fi="", title_sv="Föreningarna samarbetar")
    PledgeFactory(title_fi="Yhdistykset tekevät yhteistyötä", title_sv="")
    assert result_titles(search_page(client, "fi", "föreningen")) == ["Föreningarna samarbetar"]
    assert result_titles(search_page(client, "sv", "yhteistyö")) == [
        "Yhdistykset tekevät yhteistyötä"
    ]


def test_events_and_news_rank_with_entries(client, postgres):
    now = timezone.now()
    PledgeFactory(title_fi="Muu otsikko", text_fi="Mentorointi mainitaan tekstissä.")
    EventFactory(title_fi="Mentorointi: työpaja", is_published=True)
    NewsItem.objects.create(title_fi="Mentorointi laajenee", published_fi=now)
    titles = result_titles(search_page(client, "fi", "mentorointi"))
    assert len(titles) == 3
    # Title matches (weight A) before the text match (B), whatever the source.
    assert titles[-1] == "Muu otsikko"
    assert Event.objects.count() == 1 and Initiative.objects.count() == 0


HOSTILE = [
    "x" * 10_000,
    "kieli" * 40,
    " ".join(["kielikahvila"] * 60),
    "a & b | !c <-> d",
    "&|!:*()",
    ":*",
    "!",
    "-kielikahvila",
    "kielikahvila -",
    "kielikahvila or",
    "or or or",
    '"',
    '""',
    '"kielikahvila',
    "'",
    "''kielikahvila''",
    "it's",
    "\\",
    "kieli\\kahvila",
    "kielikahvila:*",
    "kielikahvila:A",
    "kielikahvila <2> kirjasto",
    "(kielikahvila",
    "\x00\x01\x1f kielikahvila \x7f",
    "\u202ekielikahvila\u200b",
    "%s %(x)s {0}",
    "'; DROP TABLE pledges_pledge; --",
    "ja och",
    "😀 kielikahvila",
    "bibliotek'et",
    "hus\\'",
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_hostile_queries_never_fail(client, postgres, lang):
    PledgeFactory(title_fi="Kielikahvila kirjastossa", title_sv="Språkcafé på biblioteket")
    for query in HOSTILE:
        for page in ("1", "2", "-1", "9" * 30, "x"):
            response = client.get(url("search:search", lang), {"q": query, "page": page})
            assert response.status_code == 200, (query, page)


def test_swedish_widening_keeps_the_tsquery_valid(postgres):
    with connection.cursor() as cursor:
        for text in ["it's", "a\\b", "hus'et", "bibliotek & !kommun", '"a b"', "x <-> y"]:
            cursor.execute("SELECT websearch_to_tsquery('swedish', %s)::text", [text])
            widened = search._swedish_widened(cursor.fetchone()[0])
            cursor.execute("SELECT %s::tsquery::text", [widened])
            assert cursor.fetchone()[0]
    assert search._swedish_forms("bibliotek")[:2] == ["bibliotek", "biblioteket"]
    assert "bibliotek" in search._swedish_forms("biblioteket")
    assert "by" in search._swedish_forms("byn") and "byn" in search._swedish_forms("by")
