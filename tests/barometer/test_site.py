"""The barometer around its own pages: the main navigation, the home page teaser, the
sitemap and the site search."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from barometer.models import Response
from tests.barometer.test_models import survey_make

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def closed_round(year: int = 2024, **fields):
    now = timezone.now()
    fields.setdefault("closes_at", now - timedelta(days=1))
    fields.setdefault("opens_at", fields["closes_at"] - timedelta(days=90))
    return survey_make(year=year, **fields)


def open_round(year: int = 2026, **fields):
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(days=1))
    fields.setdefault("closes_at", now + timedelta(days=30))
    return survey_make(year=year, **fields)


@pytest.mark.parametrize(
    ("lang", "label"), [("fi", "Kumppanuusbarometri"), ("sv", "Partnerskapsbarometern")]
)
def test_the_main_navigation_links_the_barometer(client, lang, label):
    html = client.get(url("home", lang)).content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{url("barometer:index", lang)}">{label}</a>' in nav


def test_the_open_round_is_offered_on_the_home_page(client):
    survey = open_round(year=2026)
    closes = timezone.localtime(survey.closes_at)
    html = client.get(url("home", "fi")).content.decode()
    assert f'href="{url("barometer:index", "fi")}"' in html
    assert f"Vastaa kumppanuusbarometriin 2026 viimeistään {closes:%-d.%-m.%Y}" in html
    html = client.get(url("home", "sv")).content.decode()
    assert f"Svara på partnerskapsbarometern 2026 senast {closes:%-d.%-m.%Y}" in html


def test_otherwise_the_latest_results_with_their_respondents(client):
    closed_round(year=2023, closes_at=timezone.now() - timedelta(days=400))
    survey = closed_round(year=2024)
    for submitted in (True, True, True, False):
        Response.objects.create(
            survey=survey, language="fi", submitted_at=timezone.now() if submitted else None
        )
    html = client.get(url("home", "fi")).content.decode()
    assert f'<a href="{url("barometer:results", "fi", year=2024)}">' in html
    assert "Kumppanuusbarometrin 2024 tulokset" in html and "(3 vastaajaa)" in html
    html = client.get(url("home", "sv")).content.decode()
    assert "Resultaten av partnerskapsbarometern 2024" in html and "(3 svarande)" in html


def test_no_teaser_without_any_round(client):
    html = client.get(url("home", "fi")).content.decode()
    assert 'id="barometer-title"' not in html


def sitemap_urls(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap-barometer.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    return {
        u.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in u.findall("xhtml:link", NS)
        }
        for u in tree.findall("sm:url", NS)
    }


def test_the_sitemap_lists_the_index_and_closed_rounds_in_both_languages(client):
    closed_round(year=2024)
    open_round(year=2026)
    urls = sitemap_urls(client)
    base = "http://testserver"
    expected = {
        base + url(name, lang, **kwargs)
        for name, kwargs in [("barometer:index", {}), ("barometer:results", {"year": 2024})]
        for lang in ("fi", "sv")
    }
    assert set(urls) == expected
    results_fi = base + url("barometer:results", "fi", year=2024)
    assert urls[results_fi] == {
        "fi": results_fi,
        "sv": base + url("barometer:results", "sv", year=2024),
        "x-default": results_fi,
    }


def test_the_sitemap_is_empty_before_the_first_round(client):
    open_round(year=2026, opens_at=timezone.now() + timedelta(days=5))
    assert sitemap_urls(client) == {}


def search(client, lang: str, q: str) -> str:
    response = client.get(url("search:search", lang), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_a_closed_round_is_found_by_its_introduction_in_both_languages(client, postgres):
    closed_round(
        year=2024,
        introduction_fi="Barometri kartoittaa kotoutumisyhteistyön kumppanuuksia.",
        introduction_sv="Barometern kartlägger partnerskapen inom integrationssamarbetet.",
    )
    html = search(client, "fi", "kumppanuuksia")
    assert f'href="{url("barometer:results", "fi", year=2024)}"' in html
    assert "Kumppanuusbarometri 2024" in html
    html = search(client, "sv", "partnerskapen")
    assert f'href="{url("barometer:results", "sv", year=2024)}"' in html
    assert "Partnerskapsbarometern 2024" in html


def test_an_open_round_is_not_found(client, postgres):
    open_round(year=2026, introduction_fi="Vastaa kotoutumisyhteistyön kyselyyn.")
    html = search(client, "fi", "kyselyyn")
    assert url("barometer:results", "fi", year=2026) not in html
    assert "Kumppanuusbarometri 2026" not in html
