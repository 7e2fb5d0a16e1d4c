"""The barometer's results in the real browser: axe-core with every breakdown in Finnish and
Swedish, the breakdown chosen with the keyboard through the plain GET form, and the page
(its SVG charts included) through the Nu HTML checker."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from barometer.results import BREAKDOWNS
from tests.barometer.factories_results import answers_make, respondents_spread, round_make
from tests.conftest import assert_valid_html

LANGUAGES = ["fi", "sv"]


@pytest.fixture
def rounds(transactional_db):
    earlier = round_make(year=2022)
    answers_make(earlier, respondents=respondents_spread(60, seed=2), seed=2)
    later = round_make(year=2024, earlier=earlier)
    respondents = [("municipality", "uusimaa")] * 20 + [("company", "lappi")] * 3
    answers_make(
        later,
        respondents=respondents + respondents_spread(60, seed=3),
        seed=3,
        texts=[("Lisää alueellisia tapaamisia.", "approved"), ("Odottaa.", "pending")],
    )
    return earlier, later


def results_path(lang: str, year: int = 2024) -> str:
    with translation.override(lang):
        return reverse("barometer:results", kwargs={"year": year})


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("breakdown", BREAKDOWNS)
def test_results_page_is_accessible(
    page, live_server, rounds, axe, browser_errors, lang, breakdown
):
    response = page.goto(f"{live_server.url}{results_path(lang)}?breakdown={breakdown}")
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert len(page.locator("h1").all_inner_texts()) == 1
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 6
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids"
    violations = axe(page)
    assert not violations, axe.report(violations)
    browser_errors.assert_none()


def test_the_breakdown_is_chosen_with_the_keyboard(page, live_server, rounds, browser_errors):
    page.goto(f"{live_server.url}{results_path('fi')}")
    select = page.locator("select#breakdown")
    select.focus()
    # Keyboard only: the arrow keys change the option, Tab reaches the button, Enter sends.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert select.input_value() == "region"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("?breakdown=region")
    assert page.locator("select#breakdown").input_value() == "region"
    assert page.get_by_role("rowheader", name="Lappi").first.is_visible()
    browser_errors.assert_none()


def test_results_page_html_is_valid(rounds, tmp_path):
    client = Client()
    pages = []
    for lang in LANGUAGES:
        for year in (2022, 2024):
            for breakdown in BREAKDOWNS:
                response = client.get(f"{results_path(lang, year)}?breakdown={breakdown}")
                assert response.status_code == 200
                assert b"<svg" in response.content
                pages.append(response.content)
    assert_valid_html(pages, tmp_path)
