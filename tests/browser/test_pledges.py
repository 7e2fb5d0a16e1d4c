"""Pledges, initiatives and search in a real browser: axe-core clean in fi and sv, the join
page reached from the initiative page (also in its error state) and the filter form used by
keyboard only."""

import pytest
from django.urls import reverse
from django.utils import translation

from pledges.models import Initiative, PartnerInterest
from tests.pledges.factories import AwardFactory, PartnerFactory, SubmissionFactory
from tests.pledges.test_browse import InitiativeFactory, PledgeFactory

LANGS = ["fi", "sv"]


@pytest.fixture
def entries(themes):
    """A little of everything the pages show: fallbacks, partners, awards, selection."""
    pledges = []
    for number in range(22):
        pledge = PledgeFactory(
            title_fi=f"Kielikahvila kirjastossa {number}",
            title_sv=f"Språkkafé på biblioteket {number}" if number % 2 else "",
            text_fi="Järjestämme joka viikko kielikahvilan kirjastoissa.",
            selected=number % 4 == 0,
            themes=themes[: 1 + number % 3],
        )
        pledges.append(pledge)
    AwardFactory().pledges.add(pledges[-1])
    initiative = InitiativeFactory(
        title_fi="Mentorointia vastavalmistuneille",
        title_sv="",
        text_fi="Etsimme yrityksiä mentoroimaan vastavalmistuneita.",
        themes=themes[1:3],
        submission=SubmissionFactory(contact_email="tekija@example.fi", language="fi"),
    )
    PartnerFactory(submission=initiative.submission)
    InitiativeFactory(title_fi="Valmis hanke", seeking_partners=False, stage="implemented")
    return {"pledge": pledges[-1], "initiative": initiative}


def path(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def detail(entry, lang: str) -> str:
    with translation.override(lang):
        return entry.get_absolute_url()


def assert_clean(page, axe, browser_errors) -> None:
    violations = axe(page)
    assert violations == [], axe.report(violations)
    assert page.locator("h1").count() == 1
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGS)
def test_pages_are_accessible(page, live_server, entries, axe, browser_errors, lang):
    pages = [
        path("pledges:list", lang),
        path("pledges:list", lang) + "?page=2&sort=title",
        path("initiatives:list", lang) + "?seeking=1",
        detail(entries["pledge"], lang),
        detail(entries["initiative"], lang),
        path("initiatives:join", lang, pk=entries["initiative"].pk),
        path("search:search", lang),
        path("search:search", lang) + "?q=kielikahvila",
        path("search:search", lang) + "?q=zzyzx",
    ]
    for address in pages:
        page.goto(live_server.url + address)
        assert_clean(page, axe, browser_errors)
        assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_join_from_the_initiative_page_error_state_then_success(
    page, live_server, entries, axe, browser_errors, lang
):
    initiative = entries["initiative"]
    page.goto(live_server.url + detail(initiative, lang))
    assert page.locator("main form[method=post]").count() == 0
    page.get_by_role(
        "link", name="Lähde mukaan kumppaniksi" if lang == "fi" else "Delta som partner"
    ).click()
    page.wait_for_url("**" + path("initiatives:join", lang, pk=initiative.pk))
    assert "Mentorointia vastavalmistuneille" in page.locator("h1").inner_text()
    assert "tekija@example.fi" not in page.content()
    assert_clean(page, axe, browser_errors)
    page.get_by_role("button", name="Lähetä" if lang == "fi" else "Skicka").click()

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.get_attribute("role") == "alert"
    assert ("Tarkista lomake" if lang == "fi" else "Kontrollera formuläret") in summary.inner_text()
    email = page.locator("#join-email")
    assert email.get_attribute("aria-invalid") == "true"
    assert_clean(page, axe, browser_errors)

    # The summary links lead to the fields.
    summary.locator('a[href="#join-email"]').click()
    assert page.evaluate("location.hash") == "#join-email"

    page.fill("#join-organisation_name", "Naapuruusyhdistys ry")
    page.fill("#join-contact_name", "Kalle Kiinnostunut")
    page.fill("#join-email", "kalle@example.fi")
    page.fill("#join-message", "Haluaisimme mukaan.")
    page.get_by_role("button", name="Lähetä" if lang == "fi" else "Skicka").click()

    status = page.locator("#join-sent")
    assert status.is_visible()
    assert ("Kiitos!" if lang == "fi" else "Tack!") in status.inner_text()
    assert "tekija@example.fi" not in page.content()
    assert PartnerInterest.objects.filter(initiative=initiative).count() == 1
    assert_clean(page, axe, browser_errors)
    # The way back leads to the initiative.
    page.get_by_role(
        "link", name="Takaisin aloitteeseen" if lang == "fi" else "Tillbaka till initiativet"
    ).click()
    page.wait_for_url("**" + detail(initiative, lang))


def test_filter_form_works_by_keyboard(page, live_server, entries, browser_errors):
    page.goto(live_server.url + path("initiatives:list", "fi"))
    # Tab from the page start to the first filter.
    page.locator("#filter-theme").focus()
    page.keyboard.press("Tab")  # organisation type
    page.keyboard.press("Tab")  # region
    page.keyboard.press("Tab")  # municipality
    page.keyboard.press("Tab")  # campaign
    page.keyboard.press("Tab")  # stage
    assert page.evaluate("document.activeElement.id") == "filter-stage"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # idea, under way, implemented
    assert page.locator("#filter-stage").input_value() == Initiative.Stage.IMPLEMENTED
    # Checkboxes toggle with space; the submit button answers Enter.
    while page.evaluate("document.activeElement.id") != "filter-sort":
        page.keyboard.press("Tab")
    # After the selects, the yes/no group: selected, awarded, seeking partners.
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**stage=implemented**")
    assert page.locator(".entry-card").count() == 1
    assert "Valmis hanke" in page.locator(".entry-card").inner_text()
    # The chosen value is kept in the form.
    assert page.locator("#filter-stage").input_value() == "implemented"

    page.locator("#filter-seeking").focus()
    page.keyboard.press("Space")
    assert page.locator("#filter-seeking").is_checked()
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGS)
def test_no_horizontal_scrolling_at_320px(page, live_server, entries, lang):
    page.set_viewport_size({"width": 320, "height": 800})
    for address in (
        path("pledges:list", lang),
        detail(entries["initiative"], lang),
        path("initiatives:join", lang, pk=entries["initiative"].pk),
        path("search:search", lang) + "?q=kielikahvila",
    ):
        page.goto(live_server.url + address)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, address
