"""The pledges sections of the home page and the theme pages (inclusion tags)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from pledges.models import Entry
from tests.pledges.factories import OrganisationFactory, SubmissionFactory
from tests.pledges.test_browse import InitiativeFactory, PledgeFactory, entry_url, url
from themes.models import Theme

pytestmark = pytest.mark.django_db


def render(source: str, lang: str, **context) -> str:
    with translation.override(lang):
        request = RequestFactory().get(f"/{lang}/")
        return Template("{% load pledges_tags %}" + source).render(
            Context({"request": request, **context})
        )


def make_hidden(theme=None) -> None:
    no_consent = SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    for factory in (PledgeFactory, InitiativeFactory):
        for status in (Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.WITHDRAWN):
            entry = factory(title_fi=f"Piilo {status}", status=status)
            if theme:
                entry.themes.set([theme])
        entry = factory(title_fi="Piilo ilman suostumusta", submission=no_consent)
        if theme:
            entry.themes.set([theme])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_home_section_counts_and_lists_only_public_entries(django_assert_max_num_queries, lang):
    organisation = OrganisationFactory()
    now = timezone.now()
    for number in range(4):
        PledgeFactory(
            title_fi=f"Lupaus {number}",
            published_at=now - timezone.timedelta(days=number),
            submission=SubmissionFactory(organisation=organisation),
        )
    InitiativeFactory(title_fi="Aloite A")
    make_hidden()
    # Three counts and two progress figures (a cache miss), the newest of each kind.
    with django_assert_max_num_queries(7):
        html = render("{% pledges_home %}", lang)
    assert "Piilo" not in html
    # 4 pledges, 1 initiative, 2 organisations with public entries.
    assert '<span class="stats__number">4</span>' in html
    assert '<span class="stats__number">1</span>' in html
    assert '<span class="stats__number">2</span>' in html
    assert "Lupaus 0" in html and "Lupaus 2" in html and "Lupaus 3" not in html
    assert f'href="{url("pledges:list", lang)}"' in html
    assert f'href="{url("initiatives:list", lang)}"' in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_home_section_links_to_the_form(lang):
    html = render("{% pledges_home %}", lang)
    assert f'href="{url("participate:form", lang)}"' in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_theme_section_lists_the_themes_public_entries(lang):
    theme, other = Theme.objects.filter(number__in=[4, 5]).order_by("number")
    mine = PledgeFactory(title_fi="Teeman lupaus", themes=[theme])
    PledgeFactory(title_fi="Toisen teeman lupaus", themes=[other])
    for number in range(7):
        InitiativeFactory(title_fi=f"Teeman aloite {number}", themes=[theme])
    make_hidden(theme)
    html = render("{% pledges_for_theme theme %}", lang, theme=theme)
    assert "Teeman lupaus" in html
    assert "Toisen teeman" not in html
    assert "Piilo" not in html
    assert html.count("Teeman aloite") == 6
    assert f'href="{entry_url(mine, lang)}"' in html
    assert f'href="{url("initiatives:list", lang)}?theme={theme.pk}"' in html
    assert ("Kaikki teeman 7 aloitetta" if lang == "fi" else "Alla 7 initiativ i temat") in html


def test_theme_section_when_empty():
    theme = Theme.objects.get(number=1)
    html = render("{% pledges_for_theme theme %}", "sv", theme=theme)
    assert "Temat har ännu inga löften." in html
    assert "Temat har ännu inga initiativ." in html
