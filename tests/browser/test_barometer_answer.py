"""Answering the barometer in the real browser: by keyboard alone, save, the continue mail,
continue and send; axe on the form, its error state and the saved page."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from barometer.models import Answer, Response
from tests.barometer.factories import open_survey

SEND = {"fi": "Lähetä vastaukset", "sv": "Skicka svaren"}
SAVE = {"fi": "Tallenna ja jatka myöhemmin", "sv": "Spara och fortsätt senare"}

# What has focus: enough to decide the next key.
ACTIVE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
          value: el.value || '', text: (el.textContent || '').trim(), checked: !!el.checked};
}"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(live_server):
    return open_survey()


def path_for(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def assert_accessible(page, axe, where: str) -> None:
    assert len(page.locator("h1").all_inner_texts()) == 1, where
    violations = axe(page)
    assert not violations, f"axe-core found violations on {where}:\n{axe.report(violations)}"


def tab_until(page, wanted, limit: int = 250) -> dict:
    """Press Tab until `wanted(active)` holds; the focused element's description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if active and wanted(active):
            return active
    raise AssertionError("never reached by Tab")


def field(survey, key: str) -> str:
    return f"q{survey.q[key].pk}"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_form_error_state_and_saved_page_are_accessible(page, live_server, survey, axe, lang):
    response = page.goto(live_server.url + path_for("barometer:index", lang))
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert not page.locator("input[name=homepage]").is_visible()
    assert_accessible(page, axe, f"the form ({lang})")

    page.get_by_role("button", name=SEND[lang]).click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".field--invalid").count() == 3
    assert_accessible(page, axe, f"the form with errors ({lang})")
    summary_link = page.locator(f".error-summary a[href='#id_{field(survey, 'known')}_0']")
    summary_link.click()
    assert page.evaluate("document.activeElement.id") == f"id_{field(survey, 'known')}_0"
    assert not Response.objects.exists()

    page.get_by_role("button", name=SAVE[lang]).click()
    page.wait_for_url(re.compile(re.escape(path_for("barometer:saved", lang, token="T")[:-2])))
    assert_accessible(page, axe, f"the saved page ({lang})")
    page.get_by_role("button", name={"fi": "Lähetä linkki", "sv": "Skicka länken"}[lang]).click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, axe, f"the saved page with an error ({lang})")


def test_answer_by_keyboard_save_get_the_link_by_mail_and_send(
    page, live_server, survey, smtp_server, browser_errors
):
    lang = "sv"
    page.goto(live_server.url + path_for("barometer:index", lang))

    # Organisation type: Tab into the group, Space picks the focused (first) choice.
    tab_until(page, lambda a: a["name"] == field(survey, "type"))
    page.keyboard.press("Space")
    # Region: arrow keys move within the group and pick as they go.
    tab_until(page, lambda a: a["name"] == field(survey, "region"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    # "Known" is required but left for later: saving does not need it.
    active = tab_until(page, lambda a: a["name"] == field(survey, "channels"))
    page.keyboard.press("Space")
    picked_channel = active["value"]
    active = tab_until(page, lambda a: a["name"] == field(survey, "useful"))
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # 1 → 4
    tab_until(page, lambda a: a["name"] == field(survey, "events"))
    page.keyboard.type("6")
    tab_until(page, lambda a: a["name"] == field(survey, "develop"))
    page.keyboard.type("Mer på svenska.")
    tab_until(page, lambda a: a["tag"] == "button" and a["text"] == SAVE[lang])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/sv/barometer/sparat/"))

    stored = Response.objects.get()
    assert stored.submitted_at is None and stored.language == "sv"
    assert stored.organisation_type and stored.region

    # The link by mail: the address, then Enter in the field sends the small form.
    tab_until(page, lambda a: a["name"] == "email")
    page.keyboard.type("svarare@example.fi")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Länken har skickats till svarare@example.fi" in page.locator("main").inner_text()

    assert len(smtp_server.raw) == 1
    raw = smtp_server.raw[0].replace(b"=\r\n", b"")
    link = re.search(rb"http://[^/\s]+(/sv/barometer/fortsatt/[^/\s<\"]+/)", raw).group(1)
    assert b"Mer p" not in raw  # nothing typed into the form is in the mail

    page.goto(live_server.url + link.decode())
    assert page.locator(f"input[name={field(survey, 'events')}]").input_value() == "6"
    assert page.locator(
        f"input[name={field(survey, 'channels')}][value='{picked_channel}']"
    ).is_checked()
    tab_until(page, lambda a: a["name"] == field(survey, "known"))
    page.keyboard.press("Space")
    tab_until(page, lambda a: a["tag"] == "button" and a["text"] == SEND[lang])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/sv/barometer/tack/$"))
    assert "Tack för dina svar" in page.locator("h1").inner_text()

    stored.refresh_from_db()
    assert stored.submitted_at is not None and stored.continue_email == ""
    answers = {a.question_id: a for a in Answer.objects.filter(response=stored)}
    assert answers[survey.q["useful"].pk].likert == 4
    assert answers[survey.q["events"].pk].number == 6
    assert answers[survey.q["develop"].pk].text == "Mer på svenska."
    assert answers[survey.q["known"].pk].choice is not None
    # The link is spent.
    page.goto(live_server.url + link.decode())
    assert "De här svaren har redan skickats" in page.locator("h1").inner_text()
    browser_errors.assert_none()
