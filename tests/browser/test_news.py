"""News pages in both languages pass axe-core; each edition shows its own date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from news.models import NewsItem
from programmes.models import ContactPerson

LANGUAGES = ["fi", "sv"]


@pytest.fixture
def news(themes):
    now = timezone.now()
    item = NewsItem.objects.create(
        kind=NewsItem.Kind.PRESS_RELEASE,
        title_fi="Uusi kampanja alkaa",
        title_sv="En ny kampanj börjar",
        lead_fi="Organisaatiot voivat tehdä lupauksia.",
        lead_sv="Organisationer kan ge löften.",
        body_fi="Kampanja on avoinna kuusi viikkoa.\n\nTervetuloa mukaan.",
        body_sv="Kampanjen pågår i sex veckor.\n\nVälkommen med.",
        published_fi=now - timedelta(days=4),
        published_sv=now - timedelta(days=2),
    )
    item.themes.set(themes[:1])
    item.contacts.add(
        ContactPerson.objects.create(name="Anna Esimerkki", email="anna.esimerkki@example.fi")
    )
    NewsItem.objects.create(
        title_fi="Vain suomeksi julkaistu",
        title_sv="",
        lead_fi="Ruotsinkielinen versio tulee myöhemmin.",
        published_fi=now - timedelta(days=1),
    )
    return item


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_pages_are_accessible(page, live_server, news, axe, browser_errors, lang):
    with translation.override(lang):
        urls = [reverse("news:list"), news.get_absolute_url()]
    for path in urls:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("h1").count() == 1
        violations = axe(page)
        assert not violations, f"{path}:\n{axe.report(violations)}"
    published = timezone.localtime(news.published_in(lang)).strftime("%-d.%-m.%Y")
    assert published in page.locator("main .meta").first.inner_text()
    browser_errors.assert_none()


def test_swedish_list_leaves_out_finnish_only_news(page, live_server, news):
    with translation.override("sv"):
        page.goto(live_server.url + reverse("news:list"))
    titles = page.locator("main .news-list h2").all_inner_texts()
    assert titles == ["En ny kampanj börjar"]
