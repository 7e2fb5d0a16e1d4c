"""The government's integration measures in the browser: the list and a measure in both
languages pass axe-core and the Nu HTML checker, and the filters work by keyboard alone."""

import pytest
from django.urls import reverse
from django.utils import translation

from news import demo as news_demo
from programmes import demo as programmes_demo
from programmes import demo_measures
from programmes.models import Measure
from tests.conftest import assert_valid_html

LANGUAGES = ["fi", "sv"]


@pytest.fixture
def measures(themes):
    programmes_demo.seed()
    news_demo.seed()
    demo_measures.seed()
    return {
        "valko": Measure.objects.get(title_fi=demo_measures.VALKO),
        "report": Measure.objects.get(title_fi=demo_measures.REPORT),
        "partnership": Measure.objects.get(title_fi=demo_measures.PARTNERSHIP),
    }


def _paths(measures, lang: str) -> list[str]:
    with translation.override(lang):
        return [
            reverse("measures:list"),
            reverse("measures:list") + "?status=replaced&kind=programme&theme=2",
            reverse("measures:list") + "?status=completed",
            *(measure.get_absolute_url() for measure in measures.values()),
        ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_measure_pages_are_accessible(page, live_server, measures, axe, browser_errors, lang):
    for path in _paths(measures, lang):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("h1").count() == 1
        violations = axe(page)
        assert not violations, f"{path}:\n{axe.report(violations)}"
    browser_errors.assert_none()


def test_measure_pages_are_valid_html(client, measures, tmp_path):
    pages = []
    for lang in LANGUAGES:
        for path in _paths(measures, lang):
            response = client.get(path)
            assert response.status_code == 200, path
            pages.append(response.content)
    assert_valid_html(pages, tmp_path)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_filters_work_by_keyboard(page, live_server, measures, browser_errors, lang):
    with translation.override(lang):
        page.goto(live_server.url + reverse("measures:list"))
    status = page.locator("#id_status")
    status.focus()
    # Choose "replaced" with the keyboard (the last option of the list).
    page.keyboard.press("End")
    assert status.input_value() == "replaced"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_kind"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_theme"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**status=replaced**")
    titles = page.locator("main .measure-term h3").all_inner_texts()
    valko = measures["valko"]
    assert titles == [valko.title_fi if lang == "fi" else valko.title_sv]
    # The timeline of the measure: an ordered list of dated steps.
    page.locator("main .measure-term h3 a").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    steps = page.locator("main .measure-timeline > li")
    assert steps.count() == 3
    assert page.locator("main .measure-timeline time").first.get_attribute("datetime") == (
        "2015-11-01"
    )
    browser_errors.assert_none()
