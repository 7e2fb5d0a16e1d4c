"""The programme page's archive of annual umbrella themes and its history of campaigns, in a
real browser: axe-clean in Finnish and Swedish, headings in order, the links lead somewhere."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

HELSINKI = ZoneInfo("Europe/Helsinki")
TEXTS = {
    "fi": {
        "archive": "Vuosien kattoteemat",
        "history": "Ohjelman historia",
        "past_theme": "Tasa-arvo",
        "campaign": "Yhteistyökampanja 2015",
        "pledges": "Kampanjan lupaukset",
        "pledge": "Ystäväperhe jokaiselle",
    },
    "sv": {
        "archive": "Årens paraplyteman",
        "history": "Programmets historia",
        "past_theme": "Jämställdhet",
        "campaign": "Samarbetskampanjen 2015",
        "pledges": "Kampanjens löften",
        "pledge": "En vänfamilj för alla",
    },
}


@pytest.fixture
def history(programme):
    from pledges.models import Entry, Organisation, Pledge, Submission
    from programmes.models import AnnualTheme, Campaign
    from themes.models import Theme

    AnnualTheme.objects.create(
        programme=programme,
        year=2019,
        title_fi="Tasa-arvo",
        title_sv="Jämställdhet",
        description_fi="Vuoden 2019 kattoteema oli tasa-arvo.",
        description_sv="Paraplytemat 2019 var jämställdhet.",
    )
    campaign = Campaign.objects.create(
        name_fi="Yhteistyökampanja 2015",
        name_sv="Samarbetskampanjen 2015",
        hashtag="kotolupaus",
        opens_at=datetime(2015, 10, 6, 10, tzinfo=HELSINKI),
        closes_at=datetime(2015, 11, 16, 16, tzinfo=HELSINKI),
    )
    organisation = Organisation.objects.create(
        name="Setlementti Selain ry", type=Organisation.Type.ASSOCIATION, nationwide=True
    )
    submission = Submission.objects.create(
        organisation=organisation,
        campaign=campaign,
        contact_name="Maija Esimerkki",
        contact_email="historia@example.fi",
        language="fi",
        consent_to_publish=True,
        consent_given_at=campaign.opens_at,
    )
    pledge = Pledge.objects.create(
        submission=submission,
        organisation=organisation,
        campaign=campaign,
        original_language="fi",
        status=Entry.Status.PUBLISHED,
        published_at=campaign.closes_at,
        title_fi="Ystäväperhe jokaiselle",
        title_sv="En vänfamilj för alla",
        text_fi="Lupaamme ystäväperheen.",
        text_sv="Vi lovar en vänfamilj.",
    )
    pledge.themes.set([Theme.objects.get(number=2)])
    return campaign


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_archive_and_history_are_accessible_and_lead_to_the_campaigns_entries(
    page, history, url_for, axe, browser_errors, lang
):
    texts = TEXTS[lang]
    page.goto(url_for("programme", lang))

    archive = page.locator("section", has=page.locator("#annual-title"))
    assert archive.locator("h2").inner_text() == texts["archive"]
    items = archive.locator("ol > li")
    assert items.count() == 2  # this year's first, then 2019
    assert items.nth(0).get_attribute("aria-current") == "true"
    assert texts["past_theme"] in items.nth(1).locator("p").first.inner_text()
    assert items.nth(1).get_attribute("aria-current") is None
    assert archive.locator("h3").count() == 2

    violations = axe(page)
    assert not violations, axe.report(violations)
    browser_errors.assert_none()

    history_section = page.locator("section", has=page.locator("#history-title"))
    assert history_section.locator("h2").inner_text() == texts["history"]
    assert texts["campaign"] in history_section.locator("h3").inner_text()
    assert "16.11.2015" in history_section.inner_text()
    history_section.get_by_role("link", name=texts["pledges"]).click()
    page.wait_for_load_state()
    assert f"campaign={history.pk}" in page.url
    assert texts["pledge"] in page.locator("main").inner_text()
    assert (
        page.locator("#filter-campaign option:checked").inner_text().strip() == (texts["campaign"])
    )
