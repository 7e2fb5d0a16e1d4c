"""The participation form in the real browser: accessibility, keyboard, the whole flow."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from audit.selectors import audit_history
from pledges.models import Entry, Partner, Pledge, Submission
from pledges.services import STATUS_LINK
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
    # The official list in the page's language: Turku is "Åbo" on the Swedish page.
    page.select_option("#id_municipality", label={"fi": "Turku", "sv": "Åbo"}[lang])
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
    token = STATUS_LINK.make(Submission.objects.get().pk)
    page.goto(live_server.url + path_for("participate:status", lang, token=token))
    assert_accessible(page, axe, f"the status page ({lang})")
    status_url = page.url
    # Withdrawing takes two steps: the first page explains and offers a way back.
    withdraw = {"fi": "Peru", "sv": "Återkalla"}[lang]
    page.get_by_role("link", name=withdraw).click()
    assert (
        page.locator("h1").inner_text()
        == {
            "fi": "Perutaanko lupaus?",
            "sv": "Vill ni återkalla löftet?",
        }[lang]
    )
    assert_accessible(page, axe, f"the withdraw question ({lang})")
    back = {"fi": "Älä peru, palaa tilasivulle", "sv": "Avbryt och gå tillbaka till statussidan"}
    page.get_by_role("link", name=back[lang]).click()
    assert page.url == status_url
    assert Pledge.objects.get().status == Entry.Status.SUBMITTED
    page.get_by_role("link", name=withdraw).click()
    yes = {"fi": "Kyllä, peru lupaus", "sv": "Ja, återkalla löftet"}[lang]
    page.get_by_role("button", name=yes).click()
    page.wait_for_url(status_url)
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

    # The Swedish receipt, through the real SMTP sink; the partner gets nothing yet.
    mails = {str(m["To"]): m for m in smtp_server.messages}
    assert list(mails) == ["stina@example.fi"]
    assert mails["stina@example.fi"]["Subject"] == "Vi har tagit emot ert bidrag"
    # The submitter confirms the address through the receipt's link; then the invitation.
    receipt = mails["stina@example.fi"].get_body(("plain",)).get_content()
    page.goto(
        live_server.url + re.search(r"http://testserver(/sv/delta/bekrafta/\S+)", receipt).group(1)
    )
    page.get_by_role("button", name="Bekräfta min e-postadress").click()
    page.wait_for_selector("text=Er e-postadress är bekräftad")
    mails = {str(m["To"]): m for m in smtp_server.messages}
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
    page.get_by_role("button", name="Kyllä, julkaise").click()  # the confirmation page
    page.wait_for_selector(".messagelist")
    pledge.refresh_from_db()
    assert pledge.status == Entry.Status.PUBLISHED
    assert audit_history(pledge).last().actor.username == "staff"

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


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_confirm_link_from_the_receipt(
    page, live_server, campaign, axe, browser_errors, smtp_server, lang
):
    """Submit with a partner, open the receipt's confirm link, press the button: only then
    is the partner invited."""
    page.goto(live_server.url + path_for("participate:form", lang))
    type_into(page, "#id_organisation_name", "Kotoutumisyhdistys Vahvistus ry")
    page.select_option("#id_organisation_type", "association")
    page.select_option("#id_municipality", "nationwide")
    type_into(page, "#id_contact_name", "Testi Henkilö")
    type_into(page, "#id_contact_email", "vahvistaja@example.fi")
    type_into(page, "#id_partners-0-name", "Kumppani Oy")
    page.select_option("#id_partners-0-type", "company")
    type_into(page, "#id_partners-0-email", "kumppani@example.fi")
    type_into(page, "#id_pledge_title", "Vahvistettava lupaus")
    type_into(page, "#id_pledge_text", "Teemme hyvää.")
    page.locator("#id_themes_0").check()
    page.get_by_role("button", name=SEND[lang]).click()
    page.wait_for_url(re.compile(re.escape(path_for("participate:received", lang)) + "$"))
    assert smtp_server.recipients() == ["vahvistaja@example.fi"]

    receipt = smtp_server.messages[0].get_body(("plain",)).get_content()
    confirm = path_for("participate:confirm", lang, token="TOKEN").split("TOKEN")[0]
    link = re.search(rf"http://testserver({re.escape(confirm)}\S+)", receipt).group(1)
    page.goto(live_server.url + link)
    heading = {"fi": "Vahvistakaa sähköpostiosoitteenne", "sv": "Bekräfta er e-postadress"}
    assert page.locator("h1").inner_text() == heading[lang]
    assert "Kumppani Oy" in page.locator("main").inner_text()
    assert_accessible(page, axe, f"the confirm page ({lang})")
    assert smtp_server.recipients() == ["vahvistaja@example.fi"]  # opening it sent nothing

    button = {"fi": "Vahvista sähköpostiosoitteeni", "sv": "Bekräfta min e-postadress"}
    page.get_by_role("button", name=button[lang]).click()
    done = {"fi": "Sähköpostiosoitteenne on vahvistettu", "sv": "Er e-postadress är bekräftad"}
    page.wait_for_selector(f"h1:has-text('{done[lang]}')")
    assert_accessible(page, axe, f"the confirmation page ({lang})")
    assert Submission.objects.get().contact_confirmed_at is not None
    assert sorted(smtp_server.recipients()) == ["kumppani@example.fi", "vahvistaja@example.fi"]
    browser_errors.assert_none()
