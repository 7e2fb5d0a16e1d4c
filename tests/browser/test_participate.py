"""The participation form in the real browser: accessibility, keyboard, the whole flow."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from pledges.models import Entry, Partner, Pledge, Submission
from pledges.signing import status_token_make
from tests.conftest import totp_device, totp_token
from tests.pledges.factories import CampaignFactory

SEND = {"fi": "Lähetä", "sv": "Skicka"}


@pytest.fixture
def campaign(themes):
    return CampaignFactory(name_fi="Kampanja 2026", name_sv="Kampanjen 2026")


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


def type_into(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_form_errors_and_success_page_are_accessible(
    page, live_server, campaign, axe, browser_errors, lang
):
    response = page.goto(live_server.url + path_for("participate:form", lang))
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert not page.locator("input[name=nickname]").is_visible()
    assert_accessible(page, axe, f"the empty form ({lang})")

    # Sent empty: the error state, with a summary first and errors next to the fields.
    page.get_by_role("button", name=SEND[lang]).click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.locator("[aria-invalid=true]").count() >= 5
    assert_accessible(page, axe, f"the form with errors ({lang})")
    # A link in the summary leads to its field.
    summary.locator("a[href='#id_contact_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_contact_email"

    type_into(page, "#id_organisation_name", "Kotoutumisyhdistys Selain ry")
    page.select_option("#id_organisation_type", "association")
    type_into(page, "#id_municipality", "Turku")
    type_into(page, "#id_contact_name", "Testi Henkilö")
    type_into(page, "#id_contact_email", "selain@example.fi")
    type_into(page, "#id_pledge_title", "Selaimella lähetetty lupaus")
    type_into(page, "#id_pledge_text", "Teemme hyvää.")
    page.locator("#id_themes_0").check()
    page.get_by_role("button", name=SEND[lang]).click()
    page.wait_for_url(re.compile(re.escape(path_for("participate:received", lang)) + "$"))
    assert "Selaimella lähetetty lupaus" in page.locator("main").inner_text()
    assert_accessible(page, axe, f"the success page ({lang})")

    # The private status page from the receipt mail, with its withdraw button.
    token = status_token_make(Submission.objects.get().pk)
    page.goto(live_server.url + path_for("participate:status", lang, token=token))
    assert_accessible(page, axe, f"the status page ({lang})")
    page.get_by_role("button", name={"fi": "Peru", "sv": "Återkalla"}[lang]).click()
    assert Pledge.objects.get().status == Entry.Status.WITHDRAWN
    assert page.locator("[role=status]").is_visible()
    assert_accessible(page, axe, f"the status page after withdrawing ({lang})")
    browser_errors.assert_none()


def test_whole_flow_in_swedish(
    page, live_server, campaign, axe, browser_errors, smtp_server, django_user_model
):
    """Submit in Swedish by keyboard, get the Swedish mail, the partner confirms, staff
    publish in the admin, and the entry appears on the public site with its partner."""
    page.goto(live_server.url + path_for("participate:form", "sv"))

    # Typing field after field with Tab, as a keyboard user would.
    page.locator("#id_organisation_name").focus()
    page.keyboard.type("Föreningen Bro rf")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_organisation_type"
    page.select_option("#id_organisation_type", "association")
    page.keyboard.press("Tab")
    page.keyboard.type("2345671-3")
    page.keyboard.press("Tab")
    page.keyboard.type("Vasa")
    page.keyboard.press("Tab")
    page.select_option("#id_region", "pohjanmaa")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_contact_name"
    page.keyboard.type("Stina Exempel")
    page.keyboard.press("Tab")
    page.keyboard.type("stina@example.fi")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_partners-0-name"
    page.keyboard.type("Idrottsklubben Vasa rf")
    page.keyboard.press("Tab")
    page.select_option("#id_partners-0-type", "association")
    page.keyboard.press("Tab")
    page.keyboard.type("klubben@example.fi")
    type_into(page, "#id_pledge_title", "Vi lovar ett språkcafé")
    page.keyboard.press("Tab")
    page.keyboard.type("Varje tisdag i biblioteket övar vi svenska och finska tillsammans.")
    page.locator("#id_themes_0").focus()
    page.keyboard.press("Space")
    page.locator("#id_consent").focus()
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    page.get_by_role("button", name="Skicka").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(re.escape(path_for("participate:received", "sv")) + "$"))
    main = page.locator("main").inner_text()
    assert "Tack, vi har tagit emot ert bidrag" in main
    assert "Vi lovar ett språkcafé" in main and "Idrottsklubben Vasa rf" in main

    submission = Submission.objects.get()
    assert submission.language == "sv"
    pledge = Pledge.objects.get()
    assert pledge.title_sv == "Vi lovar ett språkcafé" and not pledge.title_fi

    # The Swedish receipt and the invitation, through the real SMTP sink.
    mails = {str(m["To"]): m for m in smtp_server.messages}
    assert mails["stina@example.fi"]["Subject"] == "Vi har tagit emot ert bidrag"
    invitation = mails["klubben@example.fi"].get_body(("plain",)).get_content()
    partner_path = re.search(r"http://testserver(/sv/\S+)", invitation).group(1)

    # The partner confirms.
    page.goto(live_server.url + partner_path)
    assert "Föreningen Bro rf" in page.locator("main").inner_text()
    assert_accessible(page, axe, "the partner page")
    page.get_by_role("button", name="Ja, vi deltar").click()
    assert "Tack, ert svar har sparats." in page.locator("main").inner_text()
    assert Partner.objects.get().status == Partner.Status.CONFIRMED

    # Staff publish in the admin.
    staff = django_user_model.objects.create_superuser(
        "staff", "staff@example.fi", "a-long-pass-4821"
    )
    device = totp_device(staff)
    page.goto(live_server.url + "/admin/login/?next=/admin/pledges/pledge/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "a-long-pass-4821")
    page.fill("#id_otp_token", totp_token(device))
    page.locator("input[type=submit]").click()
    page.locator(f"input[name=_selected_action][value='{pledge.pk}']").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    page.wait_for_selector(".messagelist")
    pledge.refresh_from_db()
    assert pledge.status == Entry.Status.PUBLISHED
    assert pledge.status_changes.last().changed_by.username == "staff"

    # The entry appears on the public Swedish site with its confirmed partner.
    with translation.override("sv"):
        detail = pledge.get_absolute_url()
    response = page.goto(live_server.url + detail)
    assert response.status == 200
    public = page.locator("main").inner_text()
    assert "Vi lovar ett språkcafé" in public
    assert "Idrottsklubben Vasa rf" in public
    assert "stina@example.fi" not in page.content()
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_closed_page_is_accessible(page, live_server, themes, axe, browser_errors, lang):
    opens = timezone.now() + timedelta(days=40)
    CampaignFactory(opens_at=opens, closes_at=opens + timedelta(days=30))
    response = page.goto(live_server.url + path_for("participate:form", lang))
    assert response.status == 200
    assert page.locator("main time").count() == 1
    assert page.locator("form.participate-form").count() == 0
    assert_accessible(page, axe, f"the closed page ({lang})")
    browser_errors.assert_none()
