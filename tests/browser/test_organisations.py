"""The organisation page and the password-less workspace in the browser: axe-core in both
languages, the Nu HTML checker, and signing in by keyboard with the link from the mail."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from pledges.models import Partner
from tests.conftest import assert_valid_html
from tests.pledges import factories
from tests.pledges.factories import (
    AwardFactory,
    OrganisationFactory,
    PartnerFactory,
    SubmissionFactory,
)

LANGUAGES = ["fi", "sv"]
SEND_LINK = {"fi": "Lähetä minulle kirjautumislinkki", "sv": "Skicka mig en inloggningslänk"}
SIGN_IN = {"fi": "Kirjaudu", "sv": "Logga in"}
SIGN_OUT = {"fi": "Kirjaudu ulos", "sv": "Logga ut"}


class PledgeFactory(factories.PledgeFactory):
    class Meta:
        skip_postgeneration_save = True


class InitiativeFactory(factories.InitiativeFactory):
    class Meta:
        skip_postgeneration_save = True


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(themes):
    organisation = OrganisationFactory(
        name="Kotoutumisyhdistys Silta ry", website="https://silta.example.fi/"
    )
    submission = SubmissionFactory(
        organisation=organisation,
        contact_email="silta@example.fi",
        contact_confirmed_at=timezone.now(),
    )
    pledge = PledgeFactory(
        submission=submission, title_fi="Kielikahvila", title_sv="Språkcafé", themes=themes[:2]
    )
    InitiativeFactory(submission=submission, title_fi="Mentorointi", themes=themes[:1])
    AwardFactory().pledges.add(pledge)
    other = InitiativeFactory(title_fi="Yhteinen hanke", themes=themes[:1])
    PartnerFactory(submission=other.submission, organisation=organisation)
    PartnerFactory(
        contact_email="silta@example.fi",
        status=Partner.Status.PENDING,
        invitation=Partner.Invitation.SENT,
    )
    return organisation


def path_for(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def assert_accessible(page, axe, where: str, lang: str) -> None:
    assert page.evaluate("document.documentElement.lang") == lang, where
    assert page.locator("h1").count() == 1, where
    violations = axe(page)
    assert not violations, f"axe-core found violations on {where}:\n{axe.report(violations)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organisation_page_is_accessible(
    page, live_server, organisation, axe, browser_errors, lang
):
    with translation.override(lang):
        path = organisation.get_absolute_url()
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Kotoutumisyhdistys Silta ry"
    assert_accessible(page, axe, f"the organisation page ({lang})", lang)
    browser_errors.assert_none()


def test_organisation_and_workspace_form_are_valid_html(client, organisation, tmp_path):
    pages = []
    for lang in LANGUAGES:
        with translation.override(lang):
            for path in (organisation.get_absolute_url(), reverse("workspace:workspace")):
                response = client.get(path)
                assert response.status_code == 200, path
                pages.append(response.content)
    assert_valid_html(pages, tmp_path)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_in_by_keyboard_with_the_link_from_the_mail(
    page, live_server, organisation, axe, browser_errors, smtp_server, lang
):
    page.goto(live_server.url + path_for("workspace:workspace", lang))
    assert_accessible(page, axe, f"the sign-in form ({lang})", lang)
    # An error first: the summary and the field are tied together.
    page.locator("#workspace-email").focus()
    page.keyboard.type("not an address")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert_accessible(page, axe, f"the sign-in form with an error ({lang})", lang)
    page.locator("#workspace-email").fill("")
    page.locator("#workspace-email").focus()
    page.keyboard.type("Silta@example.fi")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == SEND_LINK[lang]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + path_for("workspace:sent", lang)
    assert_accessible(page, axe, f"the sent page ({lang})", lang)

    assert smtp_server.recipients() == ["silta@example.fi"]
    raw = smtp_server.raw[0].decode("utf-8", "replace").replace("=\r\n", "")
    prefix = path_for("workspace:sign_in", lang, token="T").removesuffix("T/")
    link = re.search(rf"http://testserver({re.escape(prefix)}[^\s\"<]+/)", raw).group(1)
    page.goto(live_server.url + link)
    assert_accessible(page, axe, f"the sign-in button page ({lang})", lang)
    button = page.get_by_role("button", name=SIGN_IN[lang], exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + path_for("workspace:workspace", lang)
    main = page.locator("main").inner_text()
    assert "silta@example.fi" in main
    assert "Kielikahvila" in main or "Språkcafé" in main
    assert_accessible(page, axe, f"the workspace ({lang})", lang)

    # The link is used up: opening it again says so, with a form for a new one.
    browser_errors.expect_error_status(live_server.url + link)
    response = page.goto(live_server.url + link)
    assert response is not None and response.status == 404
    assert_accessible(page, axe, f"the used link page ({lang})", lang)

    page.goto(live_server.url + path_for("workspace:workspace", lang))
    sign_out = page.get_by_role("button", name=SIGN_OUT[lang])
    sign_out.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#workspace-email").count() == 1
    browser_errors.assert_none()
