"""Issue 9, item 18 in a real browser: focus on the error summary, 320 px with WCAG 1.4.12
text spacing, the wrapped navigation, the favicon, the newsletter form's boxes and labels,
and unique landmark names (axe best practice) on the home and search pages."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.events.factories import EventFactory
from tests.pledges.factories import CampaignFactory, InitiativeFactory, PledgeFactory

LANGUAGES = ["fi", "sv"]

# WCAG 1.4.12: the page must survive these, set by the user's own style sheet. A
# constructed style sheet, because the page's CSP (rightly) refuses an injected <style>.
TEXT_SPACING_JS = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""

OVERFLOWING_JS = """() => {
  const limit = document.documentElement.clientWidth + 0.5;
  return [...document.body.querySelectorAll('*')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > limit; })
    .slice(0, 10)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(
      el.getBoundingClientRect().right)}`);
}"""


def path_for(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0
    cache.clear()


# ---------------------------------------------------------------------------------------
# Focus moves to the error summary after a failed submit
# ---------------------------------------------------------------------------------------


def _assert_summary_has_focus(page) -> None:
    page.wait_for_load_state()
    summary = page.locator("main .error-summary")
    assert summary.is_visible()
    assert summary.get_attribute("tabindex") == "-1"
    assert page.evaluate(
        "() => document.activeElement && document.activeElement.classList.contains('error-summary')"
    ), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_focus_moves_to_the_error_summary_on_every_form(
    page, live_server, themes, axe, browser_errors, lang
):
    CampaignFactory()
    event = EventFactory()
    initiative = InitiativeFactory()
    forms = [
        (path_for("newsletter:subscribe", lang), None),
        (path_for("participate:form", lang), None),
        (path_for("events:register", lang, pk=event.pk), "#id_email"),
        (path_for("accessibility", lang), "#id_email"),
        (path_for("initiatives:join", lang, pk=initiative.pk), None),
    ]
    for path, bad_email_field in forms:
        url = live_server.url + path
        browser_errors.expect_error_status(url)
        page.goto(url)
        # No summary, no focus taken: a first visit starts at the top as usual.
        assert page.locator("main .error-summary").count() == 0
        if bad_email_field:
            page.locator(bad_email_field).fill("ei-osoite")
        form = page.locator("main form[method=post]").last
        form.locator("button[type=submit]").last.click()
        _assert_summary_has_focus(page)
        violations = axe(page)
        assert not violations, f"{path}: " + axe.report(violations)
    browser_errors.assert_none()


def test_the_script_is_external_deferred_and_only_on_error_pages(page, live_server, themes):
    url = live_server.url + path_for("newsletter:subscribe", "fi")
    page.goto(url)
    # Pages without an error summary still load no JavaScript at all.
    assert page.locator("script").count() == 0
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    script = page.locator("script[src*='focus-errors.js']")
    assert script.count() == 1
    assert script.get_attribute("defer") is not None
    assert page.locator("script:not([src])").count() == 0


# ---------------------------------------------------------------------------------------
# 320 px with WCAG text spacing; the navigation at 320 px
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "name", ["pledges:list", "initiatives:list", "events:list", "news:list", "search:search"]
)
def test_filters_fit_320px_with_text_spacing(page, live_server, themes, name, lang):
    PledgeFactory(title_fi="Maahanmuuttajanaisten työllistymispolku", themes=[themes[0]])
    InitiativeFactory(themes=[themes[1]])
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + path_for(name, lang) + ("?q=kieli" if "search" in name else ""))
    page.evaluate(TEXT_SPACING_JS)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    overflowing = page.evaluate(OVERFLOWING_JS)
    assert scroll_width <= 320, f"scrollWidth {scroll_width}; overflowing: {overflowing}"
    assert not overflowing, overflowing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_navigation_rows_start_at_the_same_left_edge_at_320px(page, live_server, themes, lang):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + path_for("home", lang))

    boxes = [link.bounding_box() for link in page.locator(".main-nav a").all()]
    rows: dict[int, list[float]] = {}
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        rows.setdefault(round(box["y"]), []).append(box["x"])
    assert len(rows) > 1, "at 320 px the navigation should wrap onto several rows"
    starts = {round(min(xs)) for xs in rows.values()}
    assert len(starts) == 1, f"rows start at different x: {rows}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# ---------------------------------------------------------------------------------------
# Favicon, newsletter form, landmarks
# ---------------------------------------------------------------------------------------


def test_favicon_is_served(page, live_server, themes, browser_errors):
    page.goto(live_server.url + path_for("home", "fi"))
    href = page.locator("link[rel=icon]").get_attribute("href")
    icon = page.request.get(live_server.url + href)
    assert icon.status == 200 and "svg" in icon.headers["content-type"]
    legacy = page.request.get(live_server.url + "/favicon.ico")
    assert legacy.status == 200 and legacy.url.endswith(href)
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_newsletter_boxes_and_labels_sit_side_by_side(page, live_server, themes, lang):
    page.goto(live_server.url + path_for("newsletter:subscribe", lang))
    assert page.locator("fieldset legend").count() >= 2
    for box in page.locator(
        ".mailing-form input[type=radio], .mailing-form input[type=checkbox]"
    ).all():
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        b, lab = box.bounding_box(), label.bounding_box()
        assert lab["x"] >= b["x"] + b["width"], (b, lab)
        # The label's first line is on the box's line, not below it.
        assert lab["y"] < b["y"] + b["height"], (b, lab)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_and_search_have_unique_landmarks(page, live_server, programme, themes, axe, lang):
    for path in (path_for("home", lang), path_for("search:search", lang) + "?q=kieli"):
        page.goto(live_server.url + path)
        page.evaluate(axe.source)
        violations = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'rule', values: "
            "['landmark-unique', 'landmark-no-duplicate-banner', "
            "'landmark-no-duplicate-contentinfo', 'landmark-no-duplicate-main']}})"
            ".then(r => r.violations)"
        )
        assert not violations, f"{path}: " + axe.report(violations)
        violations = axe(page)
        assert not violations, f"{path}: " + axe.report(violations)
