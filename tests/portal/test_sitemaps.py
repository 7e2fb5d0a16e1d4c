"""Issue 10: the sitemap at national scale. /sitemap.xml is an index of section pages of
bounded size, each URL computed from stored columns, cached under the content versions and
sent gzipped; every Atom feed lists a bounded number of the newest items."""

import gzip
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import feedparser
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core import content_versions
from core.sitemap_base import URLS_PER_FILE, RowSitemap
from news.feeds import FEED_SIZE as NEWS_FEED_SIZE
from news.models import NewsItem
from pledges.feeds import FEED_SIZE as ENTRY_FEED_SIZE
from pledges.models import Entry
from portal import sitemap_views
from portal.sitemaps import SITEMAPS
from tests.barometer.test_models import survey_make
from tests.events.factories import EventFactory
from tests.mailings.factories import NewsletterFactory
from tests.pledges.factories import SubmissionFactory
from tests.pledges.test_browse import InitiativeFactory, PledgeFactory, entry_url
from tests.programmes.factories import MeasureFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ("fi", "sv")


def parse(response, root: str) -> ET.Element:
    """The body as XML whose root is the sitemap namespace's `root` element."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = ET.fromstring(response.content)
    assert tree.tag == f"{{{NS['sm']}}}{root}"
    return tree


def index_locations(client) -> list[str]:
    tree = parse(client.get("/sitemap.xml"), "sitemapindex")
    return [loc.text for loc in tree.findall("sm:sitemap/sm:loc", NS)]


def sitemap_pages(client) -> list:
    """The responses of every page the index names (other tests read the sitemap so)."""
    pages = []
    for location in index_locations(client):
        parts = urlsplit(location)
        pages.append(client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path))
    return pages


def all_url_elements(client) -> list[ET.Element]:
    """Every <url> of every page the index names."""
    pages = sitemap_pages(client)
    return [url for page in pages for url in parse(page, "urlset").findall("sm:url", NS)]


def locations(urls: list[ET.Element]) -> list[str]:
    return [url.find("sm:loc", NS).text for url in urls]


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def hidden_pledges() -> None:
    no_consent = SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    for status in (Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.WITHDRAWN):
        PledgeFactory(title_fi=f"Piilo {status}", status=status)
    PledgeFactory(title_fi="Piilo ilman suostumusta", submission=no_consent)


@pytest.fixture(autouse=True)
def _sitemap_cache_alone(settings):
    # The general page cache (portal/page_cache.py) would hide whether the sitemap's own
    # caching and compression work: these tests see the sitemap views alone.
    settings.PAGE_CACHE_TIMEOUT = 0


@pytest.fixture
def small_pages(monkeypatch):
    """20 URLs per file: 10 entries in two languages, so 25 entries take three pages."""
    monkeypatch.setattr(RowSitemap, "limit", 20)


def test_the_protocol_bounds_hold():
    # 50,000 URLs per file; at ~550 bytes an entry with its alternates the file stays
    # well under 50 MB.
    assert URLS_PER_FILE <= 50_000
    assert URLS_PER_FILE * 1_000 < 50 * 1024 * 1024


def test_robots_txt_names_the_index(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text


def test_index_lists_every_section_and_page_with_lastmod(client, small_pages):
    pledges = [PledgeFactory() for _ in range(25)]
    tree = parse(client.get("/sitemap.xml"), "sitemapindex")
    entries = {
        sitemap.find("sm:loc", NS).text: sitemap.find("sm:lastmod", NS)
        for sitemap in tree.findall("sm:sitemap", NS)
    }
    expected = {absolute(f"/sitemap-{section}.xml") for section in SITEMAPS}
    expected |= {absolute(f"/sitemap-pledges.xml?p={page}") for page in (2, 3)}
    # Each pledge has an organisation of its own, each with a public page.
    expected |= {absolute(f"/sitemap-organisations.xml?p={page}") for page in (2, 3)}
    assert set(entries) == expected
    latest = max(pledge.updated_at for pledge in pledges)
    for location in (absolute("/sitemap-pledges.xml"), absolute("/sitemap-pledges.xml?p=3")):
        assert entries[location] is not None
        assert entries[location].text == timezone.localtime(latest).isoformat()
    assert client.get("/sitemap-pledges.xml?p=3").status_code == 200
    for missing in ("?p=4", "?p=0", "?p=x", "?p=%C2%B2", "?p=-1"):
        assert client.get(f"/sitemap-pledges.xml{missing}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_pages_list_every_public_entry_once_per_language(client, small_pages):
    pledges = [
        PledgeFactory(title_fi=f"Lupaus {n}", title_sv=f"Löfte {n}" if n % 2 else "")
        for n in range(25)
    ]
    initiative = InitiativeFactory(title_fi="Mentorointi")
    hidden_pledges()
    pages = [client.get(f"/sitemap-pledges.xml?p={page}") for page in (1, 2, 3)]
    urls = []
    for page in pages:
        page_urls = parse(page, "urlset").findall("sm:url", NS)
        assert 0 < len(page_urls) <= 20
        urls += page_urls
    listed = Counter(locations(urls))
    expected = {absolute(entry_url(pledge, lang)) for pledge in pledges for lang in LANGUAGES}
    assert set(listed) == expected
    assert set(listed.values()) == {1}
    for url in urls:
        pk = int(urlsplit(url.find("sm:loc", NS).text).path.split("/")[3].split("-")[0])
        pledge = next(p for p in pledges if p.pk == pk)
        day = f"{timezone.localtime(pledge.updated_at):%Y-%m-%d}"
        assert url.find("sm:lastmod", NS).text == day
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        assert alternates == {
            "fi": absolute(entry_url(pledge, "fi")),
            "sv": absolute(entry_url(pledge, "sv")),
            "x-default": absolute(entry_url(pledge, "fi")),
        }
    every = locations(all_url_elements(client))
    assert Counter(every)[absolute(entry_url(pledges[0], "sv"))] == 1
    assert absolute(entry_url(initiative, "sv")) in every
    assert not any("piilo" in location for location in every)


def test_urls_are_the_pages_own_addresses():
    """The cheap per-row paths equal get_absolute_url() in every language and case."""
    now = timezone.now()
    objects = {
        "pledges": [
            PledgeFactory(title_fi="Kahdella kielellä", title_sv="På två språk"),
            PledgeFactory(title_fi="Vain suomeksi", title_sv=""),
            PledgeFactory(title_fi="", title_sv="Endast på svenska", original_language="sv"),
            PledgeFactory(title_fi="!!!", title_sv=""),
            PledgeFactory(title_fi="Å" * 10 + " hyvin pitkä otsikko" * 6),
        ],
        "initiatives": [InitiativeFactory(title_fi="Äänestys", title_sv="Röstning")],
        "event-pages": [
            EventFactory(title_fi="Infotilaisuus", title_sv=""),
            EventFactory(title_fi="Tilaisuus", title_sv="Möte"),
        ],
        "newsletter-archive": [NewsletterFactory(status="sent", sent_at=now)],
    }
    news_both = NewsItem.objects.create(
        title_fi="Uutinen", title_sv="Nyhet", published_fi=now, published_sv=now
    )
    news_fi = NewsItem.objects.create(
        title_fi="Vain suomeksi", published_fi=now, published_sv=now + timedelta(days=1)
    )
    news_no_slug = NewsItem.objects.create(title_fi="Uutinen", published_fi=now)
    NewsItem.objects.filter(pk=news_no_slug.pk).update(slug_fi="")
    news_no_slug.refresh_from_db()
    objects["news-items"] = [news_both, news_fi, news_no_slug]
    site = SimpleNamespace(domain="testserver")
    for section, items in objects.items():
        listed = {u["location"] for u in SITEMAPS[section]().get_urls(site=site, protocol="http")}
        expected = set()
        for item in items:
            for lang in LANGUAGES:
                if section == "news-items" and not item.is_public_in(lang):
                    continue
                with translation.override(lang):
                    expected.add(absolute(item.get_absolute_url()))
        assert listed == expected, section


def test_each_section_page_is_a_valid_sitemap_with_lastmod(client):
    PledgeFactory()
    InitiativeFactory()
    EventFactory()
    NewsItem.objects.create(title_fi="Uutinen", published_fi=timezone.now())
    NewsletterFactory(status="sent", sent_at=timezone.now())
    MeasureFactory()
    survey_make(
        year=2024,
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=1),
    )
    with_lastmod = {"pledges", "initiatives", "event-pages", "news-items", "newsletter-archive"}
    with_lastmod.add("measure-pages")
    for section in SITEMAPS:
        tree = parse(client.get(f"/sitemap-{section}.xml"), "urlset")
        urls = tree.findall("sm:url", NS)
        assert urls, section
        if section in with_lastmod:
            assert all(url.find("sm:lastmod", NS) is not None for url in urls), section


def test_a_cached_page_changes_after_a_publish(client):
    first = PledgeFactory(title_fi="Ensimmäinen")
    pledge = PledgeFactory(title_fi="Toinen", status=Entry.Status.IN_REVIEW)
    page = client.get("/sitemap-pledges.xml").text
    index = client.get("/sitemap.xml").text
    assert absolute(entry_url(first, "fi")) in page
    assert absolute(entry_url(pledge, "fi")) not in page

    type(pledge).objects.filter(pk=pledge.pk).update(status=Entry.Status.PUBLISHED)
    # Served from the cache until the change is announced ...
    assert client.get("/sitemap-pledges.xml").text == page
    # ... as the publish signal does.
    content_versions.bump("pledges")
    page = client.get("/sitemap-pledges.xml").text
    assert absolute(entry_url(pledge, "fi")) in page
    assert client.get("/sitemap.xml").text != index

    # A save through the model (as the admin's publish does) announces itself.
    later = PledgeFactory(title_fi="Kolmas", status=Entry.Status.IN_REVIEW)
    assert absolute(entry_url(later, "fi")) not in client.get("/sitemap-pledges.xml").text
    later.status = Entry.Status.PUBLISHED
    later.save()
    assert absolute(entry_url(later, "fi")) in client.get("/sitemap-pledges.xml").text


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-pledges.xml"])
def test_gzip_when_the_client_accepts_it(client, path):
    PledgeFactory()
    plain = client.get(path)
    assert "Content-Encoding" not in plain
    packed = client.get(path, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content)
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]
    head = client.head(path, headers={"accept-encoding": "gzip"})
    assert head.status_code == 200 and head["Content-Encoding"] == "gzip"
    # The view compresses by itself, whatever middleware runs.
    request = RequestFactory().get(path, headers={"accept-encoding": "gzip"})
    view = sitemap_views.index if path == "/sitemap.xml" else sitemap_views.section
    alone = view(request) if path == "/sitemap.xml" else view(request, section="pledges")
    assert alone["Content-Encoding"] == "gzip"
    assert gzip.decompress(alone.content) == plain.content
    again = client.get(path, headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304


def _page_queries(client, path: str) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-pledges.xml"])
def test_query_count_does_not_grow_with_entries(client, path):
    PledgeFactory()
    one = _page_queries(client, path)
    for _ in range(99):
        PledgeFactory()
    assert _page_queries(client, path) == one
    # A cached page needs no query at all.
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    assert len(queries) == 0


# ---------------------------------------------------------------------------------------
# Atom feeds: a fixed number of the newest items, read with LIMIT
# ---------------------------------------------------------------------------------------


def _news(n: int) -> NewsItem:
    when = timezone.now() - timedelta(hours=n + 1)
    return NewsItem.objects.create(
        title_fi=f"Uutinen {n}", title_sv=f"Nyhet {n}", published_fi=when, published_sv=when
    )


FEEDS = {
    "pledges:feed": (lambda n: PledgeFactory(title_fi=f"Lupaus {n}"), ENTRY_FEED_SIZE),
    "initiatives:feed": (lambda n: InitiativeFactory(title_fi=f"Aloite {n}"), ENTRY_FEED_SIZE),
    "news:feed": (_news, NEWS_FEED_SIZE),
}


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_list_a_bounded_number_of_the_newest_items(client, name):
    make, size = FEEDS[name]
    assert size <= 50
    with translation.override("fi"):
        path = reverse(name)
    items = [make(0)]
    with CaptureQueriesContext(connection) as queries:
        assert len(feedparser.parse(client.get(path).content).entries) == 1
    one = len(queries)

    items += [make(n) for n in range(1, size + 5)]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert len(feed.entries) == size
    assert len(queries) == one
    assert any(" LIMIT " in query["sql"] for query in queries.captured_queries)
    if name == "news:feed":
        newest = [f"Uutinen {n}" for n in range(size)]  # _news(0) is the newest
    else:
        newest = [str(item.title_fi) for item in reversed(items)][:size]
    assert [entry.title for entry in feed.entries] == newest


def test_the_sitemap_answers_when_the_cache_is_down(client, settings, caplog):
    PledgeFactory(title_fi="Ilman välimuistia")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    }
    for path in ("/sitemap.xml", "/sitemap-pledges.xml"):
        response = client.get(path, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, path
    assert b"ilman-valimuistia" in gzip.decompress(response.content)
    assert "Sitemap cache unavailable" in caplog.text
