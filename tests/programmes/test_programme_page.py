import zoneinfo
from datetime import datetime

import pytest
from django.utils import timezone

from tests.programmes.factories import (
    AnnualThemeFactory,
    ContactPersonFactory,
    GoalFactory,
    ProgrammeFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db
PATHS = {"fi": "/fi/ohjelma/", "sv": "/sv/programmet/"}


@pytest.fixture
def programme():
    programme = ProgrammeFactory()
    GoalFactory(programme=programme, position=2, text_fi="Toinen tavoite", text_sv="Andra målet")
    GoalFactory(
        programme=programme, position=1, text_fi="Ensimmäinen tavoite", text_sv="Första målet"
    )
    return programme


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_programme_page_shows_goals_in_order(
    client, programme, lang, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        html = client.get(PATHS[lang]).content.decode()
    first, second = (
        ("Ensimmäinen tavoite", "Toinen tavoite")
        if lang == "fi"
        else ("Första målet", "Andra målet")
    )
    assert html.index(first) < html.index(second)
    assert getattr(programme, f"name_{lang}") in html
    assert getattr(programme, f"coordinator_{lang}") in html


def test_this_years_umbrella_theme_is_shown(client, programme):
    year = timezone.localdate().year
    AnnualThemeFactory(
        programme=programme, year=2019, title_fi="Tasa-arvo", title_sv="Jämställdhet"
    )
    AnnualThemeFactory(
        programme=programme, year=year, title_fi="Osallisuus", title_sv="Delaktighet"
    )
    AnnualThemeFactory(programme=programme, year=year + 1, title_fi="Tuleva", title_sv="Framtida")
    html = client.get(PATHS["sv"]).content.decode()
    assert f"Paraplytema för {year}" in html
    assert "Delaktighet" in html
    # Earlier years are in the archive; next year's theme is not public yet.
    assert "Jämställdhet" in html and "Framtida" not in html


@pytest.mark.parametrize(
    ("lang", "heading", "current", "past_title", "past_text"),
    [
        ("fi", "Vuosien kattoteemat", "ajankohtainen", "Tasa-arvo", "Tasa-arvo kotoutumisessa."),
        ("sv", "Årens paraplyteman", "aktuellt", "Jämställdhet", "Jämställdhet i integrationen."),
    ],
)
def test_archive_of_annual_themes_newest_first_with_the_current_one_marked(
    client, programme, lang, heading, current, past_title, past_text
):
    year = timezone.localdate().year
    AnnualThemeFactory(
        programme=programme,
        year=2019,
        title_fi="Tasa-arvo",
        title_sv="Jämställdhet",
        description_fi="Tasa-arvo kotoutumisessa.",
        description_sv="Jämställdhet i integrationen.",
    )
    AnnualThemeFactory(
        programme=programme, year=2022, title_fi="Osallisuus", title_sv="Delaktighet"
    )
    AnnualThemeFactory(programme=programme, year=year, title_fi="Kieli", title_sv="Språk")
    html = client.get(PATHS[lang]).content.decode()
    section = html[html.index(f'<h2 id="annual-title">{heading}</h2>') :]
    section = section[: section.index("</section>")]
    # A list of headed items, newest first, each in the page's language.
    assert section.count('<li class="annual-theme') == 3
    assert section.count('<h3 class="annual-theme__heading">') == 3
    assert section.index(str(year)) < section.index("2022") < section.index("2019")
    assert past_title in section and past_text in section
    assert ("Jämställdhet" if lang == "fi" else "Tasa-arvo") not in section
    # Only this year's is highlighted, for the eye and for assistive technology.
    assert section.count('aria-current="true"') == 1
    assert section.count(f'<span class="annual-theme__current">{current}</span>') == 1
    current_item = section[section.index('aria-current="true"') :]
    assert current_item.index(str(year)) < current_item.index("</li>")


@pytest.mark.parametrize(
    ("lang", "heading", "pledges_link"),
    [
        ("fi", "Ohjelman historia", "Kampanjan lupaukset"),
        ("sv", "Programmets historia", "Kampanjens löften"),
    ],
)
def test_history_lists_closed_campaigns_with_links_to_their_entries(
    client, programme, lang, heading, pledges_link
):
    from tests.pledges.factories import CampaignFactory

    # Noon in Helsinki, so the date shown is the same whatever the time of the run.
    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")
    past = CampaignFactory(
        name_fi="Kampanja 2015",
        name_sv="Kampanjen 2015",
        hashtag="kotolupaus",
        opens_at=datetime(2015, 10, 6, 12, tzinfo=helsinki),
        closes_at=datetime(2015, 11, 16, 12, tzinfo=helsinki),
    )
    CampaignFactory(name_fi="Avoin kampanja", name_sv="Öppen kampanj")
    html = client.get(PATHS[lang]).content.decode()
    section = html[html.index(f'<h2 id="history-title">{heading}</h2>') :]
    section = section[: section.index("</section>")]
    assert getattr(past, f"name_{lang}") in section and "#kotolupaus" in section
    assert "16.11.2015" in section
    assert "Avoin kampanja" not in section and "Öppen kampanj" not in section
    assert f'?campaign={past.pk}">{pledges_link}</a>' in section


def test_latest_earlier_umbrella_theme_when_this_year_has_none(client, programme):
    AnnualThemeFactory(
        programme=programme, year=2019, title_fi="Tasa-arvo", title_sv="Jämställdhet"
    )
    html = client.get(PATHS["fi"]).content.decode()
    assert "Vuoden 2019 kattoteema" in html and "Tasa-arvo" in html


@pytest.mark.parametrize(("lang", "note"), [("sv", "Endast på finska"), ("fi", None)])
def test_publication_only_in_finnish_says_so(client, programme, lang, note):
    PublicationFactory(programme=programme, in_finnish=True, in_swedish=False)
    html = client.get(PATHS[lang]).content.decode()
    if note:
        assert f'<span class="language-note">{note}</span>' in html
        assert 'hreflang="fi"' in html
    else:
        assert "language-note" not in html


def test_publication_in_both_languages_has_no_note(client, programme):
    PublicationFactory(programme=programme, in_finnish=True, in_swedish=True)
    assert "language-note" not in client.get(PATHS["sv"]).content.decode()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_contacts_are_listed_with_phone_and_email(client, programme, lang):
    person = ContactPersonFactory(programme=programme)
    html = client.get(PATHS[lang]).content.decode()
    assert person.name in html
    assert f'href="mailto:{person.email}"' in html
    assert 'href="tel:+358295047000"' in html
    assert getattr(person, f"title_{lang}") in html


def test_description_only_in_swedish_is_marked_on_the_finnish_page(client):
    ProgrammeFactory(description_fi="", description_sv="Bara på svenska.")
    html = client.get(PATHS["fi"]).content.decode()
    assert '<p class="language-note">Vain ruotsiksi</p>' in html
    assert '<div class="prose" lang="sv"><p>Bara på svenska.</p></div>' in html


def test_page_without_a_programme_says_it_is_coming(client):
    response = client.get(PATHS["fi"])
    assert response.status_code == 200
    assert "Ohjelman kuvausta valmistellaan" in response.content.decode()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_home_page_presents_the_programme_and_themes(client, programme, lang):
    html = client.get(f"/{lang}/").content.decode()
    assert getattr(programme, f"summary_{lang}") in html
    assert html.count('class="card theme-card') == 5
    assert PATHS[lang] in html


def test_footer_shows_the_first_contacts(client, programme):
    ContactPersonFactory(programme=programme, position=1, name="Eka Yhteys")
    ContactPersonFactory(programme=programme, position=2, name="Toka Yhteys")
    ContactPersonFactory(programme=programme, position=3, name="Kolmas Yhteys")
    footer = client.get("/fi/").content.decode().split('<footer class="site-footer">')[1]
    assert "Eka Yhteys" in footer and "Toka Yhteys" in footer
    assert "Kolmas Yhteys" not in footer


def test_short_texts_only_in_finnish_are_marked_on_the_swedish_page(client, programme):
    GoalFactory(programme=programme, position=3, text_fi="Vain suomeksi kirjoitettu", text_sv="")
    ContactPersonFactory(programme=programme, title_fi="Erityisasiantuntija", title_sv="")
    html = client.get(PATHS["sv"]).content.decode()
    note = '<span class="language-note">Endast på finska</span>'
    assert f'<li><span lang="fi">Vain suomeksi kirjoitettu</span> {note}</li>' in html
    assert f'<p><span lang="fi">Erityisasiantuntija</span> {note}</p>' in html
