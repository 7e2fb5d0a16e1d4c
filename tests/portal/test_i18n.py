"""Every public page in both languages, with the URL map of DESIGN.md."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from themes.models import Theme

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", "/fi/", "/sv/"),
    ("programmes:programme", "/fi/ohjelma/", "/sv/programmet/"),
    ("themes:list", "/fi/teemat/", "/sv/teman/"),
    ("accessibility", "/fi/saavutettavuus/", "/sv/tillganglighet/"),
    ("privacy", "/fi/tietosuoja/", "/sv/dataskydd/"),
]


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


@pytest.mark.parametrize(
    ("accept", "target"), [("sv-FI,sv;q=0.9", "/sv/"), ("fi", "/fi/"), ("en-US,en;q=0.8", "/fi/")]
)
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(("name", "fi_path", "sv_path"), PAGES)
def test_url_map_is_translated(name, fi_path, sv_path):
    with translation.override("fi"):
        assert reverse(name) == fi_path
    with translation.override("sv"):
        assert reverse(name) == sv_path


@pytest.mark.parametrize(("name", "fi_path", "sv_path"), PAGES)
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_page_renders_in_language_with_alternates(client, name, fi_path, sv_path, lang):
    path = fi_path if lang == "fi" else sv_path
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert alternates(html) == {
        "fi": f"http://testserver{fi_path}",
        "sv": f"http://testserver{sv_path}",
        # The page itself in Finnish (issue 9): "/" is the home page, not this page.
        "x-default": f"http://testserver{fi_path}",
    }
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_language_switcher_leads_to_same_page_in_other_language(client, lang):
    other = "sv" if lang == "fi" else "fi"
    with translation.override(lang):
        path = reverse("programmes:programme")
    with translation.override(other):
        other_path = reverse("programmes:programme")
    html = client.get(path).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert f'<a href="{other_path}" lang="{other}" hreflang="{other}">' in switcher


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_theme_pages_have_per_language_slugs_and_switch_to_the_same_theme(client, lang):
    other = "sv" if lang == "fi" else "fi"
    theme = Theme.objects.get(number=3)
    path = f"/{lang}/{'teemat' if lang == 'fi' else 'teman'}/{getattr(theme, f'slug_{lang}')}/"
    with translation.override(lang):
        assert theme.get_absolute_url() == path
    html = client.get(path).content.decode()
    assert f"<h1>{getattr(theme, f'name_{lang}')}</h1>" in html
    other_path = (
        f"/{other}/{'teemat' if other == 'fi' else 'teman'}/{getattr(theme, f'slug_{other}')}/"
    )
    assert alternates(html)[other] == f"http://testserver{other_path}"
    assert f'<a href="{other_path}" lang="{other}" hreflang="{other}">' in html
    assert client.get(other_path).status_code == 200


def test_slug_of_the_other_language_redirects_to_the_canonical_address(client):
    theme = Theme.objects.get(number=5)
    response = client.get(f"/fi/teemat/{theme.slug_sv}/")
    assert response.status_code == 301
    assert response["Location"] == f"/fi/teemat/{theme.slug_fi}/"


@pytest.mark.parametrize(
    ("path", "lang", "other_lang"),
    [
        ("/fi/ei-ole/", "fi", "sv"),
        ("/sv/finns-inte/", "sv", "fi"),
        ("/fi/teemat/ei-ole/", "fi", "sv"),
    ],
)
def test_not_found_page_is_bilingual(client, path, lang, other_lang):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html
    assert f'<section class="other-language" lang="{other_lang}"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html
    # The switcher offers the other language's front page, not the missing path.
    assert f'<a href="/{other_lang}/" lang="{other_lang}" hreflang="{other_lang}">' in html


def test_server_error_page_is_bilingual(client):
    from portal.views import server_error

    response = server_error(None)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fi">' in html
    assert '<section lang="sv"' in html
