"""The open data page in a real browser: accessible (axe-core), no CSP violation, the
examples scroll by keyboard, and the schema and a dump open from its links."""

import pytest
from django.urls import reverse
from django.utils import translation

from api.dumps import COLLECTIONS, FORMATS

LANGUAGES = ["fi", "sv"]


@pytest.fixture
def dumps_written(live_server, themes, settings, tmp_path):
    from api.dumps import dumps_write
    from tests.pledges.factories import PledgeFactory

    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    PledgeFactory(themes=[themes[0]])
    dumps_write()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_page_is_accessible(page, live_server, dumps_written, axe, browser_errors, lang):
    with translation.override(lang):
        path = reverse("open_data")
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, f"{path}:\n{axe.report(violations)}"
    # A command-line example can be reached (and scrolled) by keyboard.
    example = page.locator("pre.code-example").first
    example.focus()
    assert page.evaluate("document.activeElement.tagName") == "PRE"
    # The dumps are linked with their size; the first one downloads.
    rows = page.locator("main table tbody tr")
    assert rows.count() == len(COLLECTIONS) * len(FORMATS)
    with page.expect_download() as download:
        page.locator("main table a[href$='.csv']").first.click()
    assert download.value.suggested_filename.endswith(".csv")
    browser_errors.assert_none()


def test_the_footer_links_to_the_open_data_page(page, live_server, themes):
    page.goto(live_server.url + "/sv/")
    page.locator("footer a", has_text="Öppna data").click()
    page.wait_for_url(live_server.url + "/sv/oppna-data/")
