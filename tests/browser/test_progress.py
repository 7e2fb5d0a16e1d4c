"""Progress reporting in the real browser: the report form by keyboard, and axe-core and
the Nu HTML checker on every new page (the report form, the indicators page, the pledge
page with its charts) in Finnish and Swedish."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pledges.models import ProgressReport
from pledges.progress_services import REPORT_LINK, report_publish
from pledges.services import STATUS_LINK
from tests.conftest import assert_valid_html
from tests.pledges.test_progress import reporting_pledge, submit

LANGS = ["fi", "sv"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def path_for(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def assert_accessible(page, axe, where: str) -> None:
    assert len(page.locator("h1").all_inner_texts()) == 1, where
    violations = axe(page)
    assert not violations, f"axe-core found violations on {where}:\n{axe.report(violations)}"


@pytest.fixture
def reported(themes):
    """A public pledge with two published reports (values for its indicator)."""
    pledge = reporting_pledge(title_fi="Kielikahvila", title_sv="Språkcafé")
    indicator = pledge.indicators.get()
    for period, value, status in [(1, "30", "on_track"), (2, "52.5", "delayed")]:
        report = submit(
            pledge,
            period,
            status=status,
            values={indicator.pk: Decimal(value)},
            text_fi=f"Raportti {period}.",
            text_sv=f"Rapport {period}.",
        )
        report_publish(report=report, by=None)
    return pledge


def test_report_form_by_keyboard_in_swedish(page, live_server, themes, axe, browser_errors):
    pledge = reporting_pledge(language="sv", title_sv="Läxhjälp", title_fi="")
    indicator = pledge.indicators.get()
    token = REPORT_LINK.make(pledge.pk, 1)
    page.goto(live_server.url + path_for("participate:report", "sv", pk=pledge.pk, token=token))
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert_accessible(page, axe, "the report form (sv)")

    # Sent empty: an error summary in Swedish, linked to the fields.
    page.get_by_role("button", name="Skicka rapporten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Skriv rapporten på finska, på svenska eller på båda språken." in summary.inner_text()
    assert_accessible(page, axe, "the report form with errors (sv)")

    # Filled in by keyboard only: a radio button, the Swedish text, the value, the button.
    page.get_by_label("Försenat").focus()
    page.keyboard.press("Space")
    page.get_by_label("Rapport på svenska").focus()
    page.keyboard.type("Vi har haft färre deltagare än väntat under sommaren.")
    page.get_by_label("Deltagare (hlö)").focus()
    page.keyboard.type("12,5")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för er rapport"
    report = ProgressReport.objects.get(pledge=pledge)
    assert (report.status, report.review, report.language) == ("delayed", "submitted", "sv")
    assert report.values.get(indicator=indicator).value == Decimal("12.5")
    assert_accessible(page, axe, "the thank-you page (sv)")
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGS)
def test_pledge_page_with_charts_is_accessible(page, live_server, reported, axe, lang):
    page.goto(live_server.url + path_for("pledges:detail", lang, pk=reported.pk))
    chart = page.locator("svg[role=img]")
    assert chart.count() == 1 and chart.first.is_visible()
    assert page.locator(".progress-timeline li").count() == 2
    assert page.locator(".progress-chart table tbody tr").count() == 4  # baseline, 2, target
    assert_accessible(page, axe, f"the pledge page with charts ({lang})")


@pytest.mark.parametrize("lang", LANGS)
def test_private_progress_pages_are_accessible(page, live_server, themes, axe, lang):
    pledge = reporting_pledge(language=lang)
    token = STATUS_LINK.make(pledge.submission_id)
    page.goto(live_server.url + path_for("participate:indicators", lang, token=token, pk=pledge.pk))
    assert_accessible(page, axe, f"the indicators page ({lang})")
    # Sent with a bad row: errors summarised and accessible.
    page.locator("#id_indicators-0-target").fill("paljon")
    with page.expect_navigation():
        page.locator(".participate-form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, axe, f"the indicators page with errors ({lang})")
    token = REPORT_LINK.make(pledge.pk, 1)
    page.goto(live_server.url + path_for("participate:report", lang, pk=pledge.pk, token=token))
    assert_accessible(page, axe, f"the report form ({lang})")


def test_new_pages_are_valid_html(reported, tmp_path):
    client = Client()
    pages = []
    status_token = STATUS_LINK.make(reported.submission_id)
    other = reporting_pledge(language="sv")
    for lang in LANGS:
        for path, data in [
            (path_for("pledges:detail", lang, pk=reported.pk), None),
            (
                path_for(
                    "participate:report", lang, pk=other.pk, token=REPORT_LINK.make(other.pk, 1)
                ),
                None,
            ),
            (
                path_for(
                    "participate:report", lang, pk=other.pk, token=REPORT_LINK.make(other.pk, 1)
                ),
                {"status": "x"},
            ),
            (path_for("participate:indicators", lang, token=status_token, pk=reported.pk), None),
            (
                path_for("participate:indicators", lang, token=status_token, pk=reported.pk),
                {"indicators-TOTAL_FORMS": "1", "indicators-INITIAL_FORMS": "0"},
            ),
            (path_for("participate:status", lang, token=status_token), None),
            (path_for("pledges:list", lang) + "?progress=on_track", None),
        ]:
            response = (
                client.post(path, data, follow=True) if data else client.get(path, follow=True)
            )
            assert response.status_code == 200, path
            pages.append(response.content)
        cache.clear()
    assert b"<svg" in pages[0]
    assert_valid_html(pages, tmp_path)


def test_staff_publish_and_return_reports_by_clicking(
    page, live_server, themes, django_user_model, browser_errors
):
    from playwright.sync_api import expect

    from tests.browser.conftest import admin_log_in
    from tests.conftest import totp_device

    password = "kissa-koira-kala-2026"
    user = django_user_model.objects.create_superuser("paakayttaja", "p@example.fi", password)
    totp_device(user)
    first = submit(reporting_pledge(title_fi="Ensimmäinen lupaus"), text_fi="Etenee hyvin.")
    second = submit(reporting_pledge(title_fi="Toinen lupaus"), text_fi="Puutteellinen.")
    admin_log_in(page, live_server, user, password)
    waiting = page.locator("#review-queue a", has_text="edistymisraportit")
    expect(waiting).to_contain_text("2 odottaa tarkastusta")
    waiting.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)

    page.locator(f"input.action-select[value='{first.pk}']").check()
    page.select_option("select[name=action]", "publish_reports")
    page.locator("button[name=index], .actions button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Julkaise valitut raportit")
    page.get_by_role("button", name="Kyllä, julkaise").click()
    expect(page.locator(".messagelist")).to_contain_text("1 raportti julkaistu.")

    page.locator(f"input.action-select[value='{second.pk}']").check()
    page.select_option("select[name=action]", "return_reports")
    page.locator("button[name=index], .actions button[type=submit]").first.click()
    page.get_by_label("Viesti lähettäjälle").fill("Lisää mittarin arvot, kiitos.")
    page.get_by_role("button", name="Palauta").click()
    expect(page.locator(".messagelist")).to_contain_text("1 raportti palautettu.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review, second.review) == ("published", "returned")
    assert second.returned_message == "Lisää mittarin arvot, kiitos."
    browser_errors.assert_none()
