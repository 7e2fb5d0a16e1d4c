"""News: editions per language with their own dates, list, detail, Atom feeds, sitemaps."""

from datetime import timedelta
from types import SimpleNamespace

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from news import demo as news_demo
from news.models import NewsItem
from news.templatetags.news_tags import news_latest
from programmes.models import ContactPerson
from themes.models import Theme

pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv"]


def make_item(**fields) -> NewsItem:
    now = timezone.now()
    defaults = {
        "title_fi": "Uutinen",
        "title_sv": "Nyhet",
        "lead_fi": "Ingressi suomeksi.",
        "lead_sv": "Ingress på svenska.",
        "body_fi": "Leipäteksti.",
        "body_sv": "Brödtext.",
        "published_fi": now - timedelta(days=3),
        "published_sv": now - timedelta(days=1),
    }
    return NewsItem.objects.create(**{**defaults, **fields})


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def item_url(item: NewsItem, lang: str) -> str:
    with translation.override(lang):
        return item.get_absolute_url()


def test_each_language_lists_only_its_published_editions(client, django_assert_max_num_queries):
    now = timezone.now()
    both = make_item(title_fi="Molemmat", title_sv="Båda")
    make_item(title_fi="Vain suomi", title_sv="Bara finska", published_sv=None)
    make_item(title_fi="Myöhemmin", title_sv="Senare", published_sv=now + timedelta(days=2))
    make_item(
        title_fi="Tuleva",
        title_sv="Kommande",
        published_fi=now + timedelta(days=1),
        published_sv=now + timedelta(days=1),
    )
    with django_assert_max_num_queries(6):
        fi = client.get(url("news:list", "fi")).content.decode()
    sv = client.get(url("news:list", "sv")).content.decode()
    assert "Molemmat" in fi and "Vain suomi" in fi and "Myöhemmin" in fi
    assert "Tuleva" not in fi
    assert "Båda" in sv
    assert "Bara finska" not in sv and "Senare" not in sv and "Kommande" not in sv
    assert client.get(item_url(both, "sv")).status_code == 200


def test_swedish_edition_shows_its_own_date(client):
    now = timezone.now()
    item = make_item(published_fi=now - timedelta(days=5), published_sv=now - timedelta(days=3))
    fi = client.get(item_url(item, "fi")).content.decode()
    sv = client.get(item_url(item, "sv")).content.decode()
    fi_date = timezone.localtime(item.published_fi).strftime("%-d.%-m.%Y")
    sv_date = timezone.localtime(item.published_sv).strftime("%-d.%-m.%Y")
    assert fi_date in fi and sv_date not in fi
    assert sv_date in sv and fi_date not in sv


def test_unpublished_edition_is_404_and_the_switcher_goes_to_the_list(client):
    item = make_item(published_sv=None)
    assert client.get(url("news:detail", "sv", pk=item.pk)).status_code == 404
    page = client.get(item_url(item, "fi")).content.decode()
    assert f'href="{url("news:list", "sv")}"' in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_detail_canonical_redirect_contacts_and_themes(client, lang):
    item = make_item()
    theme = Theme.objects.get(number=3)
    item.themes.add(theme)
    item.contacts.add(ContactPerson.objects.create(name="Anna Esimerkki", email="anna@example.fi"))
    response = client.get(url("news:detail", lang, pk=item.pk))
    assert response.status_code == 301
    assert response["Location"] == item_url(item, lang)
    page = client.get(item_url(item, lang)).content.decode()
    assert "Anna Esimerkki" in page
    with translation.override(lang):
        assert theme.get_absolute_url() in page
    assert ("Uutinen" if lang == "fi" else "Nyhet") in page


@pytest.mark.parametrize(
    "path",
    [
        "999999/",
        "abc/",
        "0-x/",
        "99999999999999999999999/",
        "?page=abc",
        "?kind=bogus",
        "?page=-5&kind=" + "x" * 3000,
    ],
)
def test_bad_input_is_never_a_500(client, path):
    make_item()
    response = client.get(url("news:list", "fi") + path)
    assert response.status_code in (200, 404)


def test_kind_filter(client):
    make_item(title_fi="Tiedote", kind=NewsItem.Kind.PRESS_RELEASE)
    make_item(title_fi="Tavallinen")
    page = client.get(url("news:list", "fi") + "?kind=press_release").content.decode()
    assert "Tiedote" in page and "Tavallinen" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_per_language_with_own_dates(client, lang):
    now = timezone.now().replace(microsecond=0)
    item = make_item(published_fi=now - timedelta(days=4), published_sv=now - timedelta(days=2))
    make_item(title_fi="Ei ruotsiksi", title_sv="Inte på svenska", published_sv=None)
    response = client.get(url("news:feed", lang))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    if lang == "fi":
        assert titles == ["Ei ruotsiksi", "Uutinen"]
    else:
        assert titles == ["Nyhet"]
    entry = next(e for e in feed.entries if e.title == ("Uutinen" if lang == "fi" else "Nyhet"))
    expected = getattr(item, f"published_{lang}")
    assert entry.published_parsed[:6] == expected.utctimetuple()[:6]
    assert entry.link.startswith("http://testserver/" + lang + "/")


def test_latest_tag_uses_the_page_language():
    now = timezone.now()
    make_item(title_fi="Uusin", published_fi=now - timedelta(hours=1), published_sv=None)
    make_item(title_fi="Vanhempi", title_sv="Äldre", published_fi=now - timedelta(days=2))
    with translation.override("fi"):
        assert [i.title_fi for i in news_latest(limit=3)["items"]] == ["Uusin", "Vanhempi"]
    with translation.override("sv"):
        assert [i.title_sv for i in news_latest(limit=3)["items"]] == ["Äldre"]


def test_sitemap_lists_each_edition_only_where_public(client):
    item = make_item(published_sv=None)
    from news.sitemaps import SITEMAPS

    sitemap = SITEMAPS["news-items"]()
    site = SimpleNamespace(domain="testserver")
    locations = [entry["location"] for entry in sitemap.get_urls(site=site, protocol="http")]
    assert any(loc.endswith(item_url(item, "fi")) for loc in locations)
    assert not any("/sv/" in loc for loc in locations)


def test_demo_news_seed_is_idempotent():
    news_demo.seed()
    count = NewsItem.objects.count()
    news_demo.seed()
    assert NewsItem.objects.count() == count >= 3
    later = [
        i for i in NewsItem.objects.all() if i.published_sv - i.published_fi == timedelta(days=2)
    ]
    assert later
