"""The personal data page in a real browser: look up, preview, confirm and erase; and the
organisation merge page. axe-core on each step."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from playwright.sync_api import expect

from pledges.models import Submission
from privacy.models import PersonalDataRequest
from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device

PASSWORD = "kumppanuus-Salasana-2024!"
ADDRESS = "liisa.lahtinen@example.fi"


@pytest.fixture
def officer(django_user_model, live_server):
    user = django_user_model.objects.create_user(
        username="tietosuoja", password=PASSWORD, is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="handle_personal_data"),
        Permission.objects.get(codename="view_personaldatarequest"),
    )
    totp_device(user)
    return user


def no_violations(page, axe) -> None:
    violations = axe(page)
    assert not violations, f"axe-core found violations on {page.url}:\n{axe.report(violations)}"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_look_up_download_and_erase(page, live_server, officer, axe, browser_errors, lang):
    from tests.pledges.factories import PledgeFactory

    pledge = PledgeFactory(
        submission__contact_email=ADDRESS,
        submission__contact_name="Liisa Lahtinen",
        text_fi="Tarjoamme harjoittelupaikkoja.",
    )
    admin_log_in(page, live_server, officer, PASSWORD)
    page.goto(live_server.url + reverse("admin:privacy_personal_data"))
    if lang == "sv":
        page.locator('.admin-language button[value="sv"]').click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    no_violations(page, axe)

    # A bad address shows the error next to the field.
    page.fill("#id_email", "ei-osoite")
    page.locator("#personal-data-lookup [type=submit]").click()
    expect(page.locator(".errorlist")).to_be_visible()
    no_violations(page, axe)

    page.fill("#id_email", ADDRESS.upper())
    page.locator("#personal-data-lookup [type=submit]").click()
    expect(page.locator("#personal-data-held")).to_contain_text("1")
    no_violations(page, axe)

    with page.expect_download() as download:
        page.locator('button[value="download"]').click()
    assert download.value.suggested_filename.endswith(".json")

    page.locator('button[value="erase"]').click()
    expect(page.locator("#id_confirm")).to_be_visible()
    no_violations(page, axe)
    page.locator("#id_confirm").check()
    page.locator("#personal-data-erase [type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text(ADDRESS.upper())
    no_violations(page, axe)

    assert Submission.objects.get(pk=pledge.submission_id).contact_name == ""
    actions = set(PersonalDataRequest.objects.values_list("action", flat=True))
    assert actions == {"personal_data_viewed", "personal_data_exported", "personal_data_erased"}
    browser_errors.assert_none()


def test_merge_page(page, live_server, django_user_model, monkeypatch, axe, browser_errors):
    from django.contrib import admin

    from pledges.merge import merge_organisations
    from pledges.models import Organisation
    from tests.pledges.factories import OrganisationFactory, PledgeFactory

    monkeypatch.setattr(admin.site._registry[Organisation], "actions", [merge_organisations])
    user = django_user_model.objects.create_superuser(username="kuraattori", password=PASSWORD)
    totp_device(user)
    first = OrganisationFactory(name="Monikielinen kirjasto ry")
    second = OrganisationFactory(name="Monikielinen kirjasto")
    PledgeFactory(submission__organisation=second)
    admin_log_in(page, live_server, user, PASSWORD)
    page.goto(live_server.url + reverse("admin:pledges_organisation_changelist"))
    page.locator("#action-toggle").check()
    page.locator('select[name="action"]').select_option("merge_organisations")
    page.locator('button[name="index"]').click()
    expect(page.locator(f"#keep-{second.pk}")).to_be_visible()
    no_violations(page, axe)
    page.locator(f'label[for="keep-{second.pk}"]').click()
    page.locator('#content form [type="submit"]').click()
    expect(page.locator(".messagelist")).to_contain_text("Monikielinen kirjasto")
    assert list(Organisation.objects.values_list("pk", flat=True)) == [second.pk]
    assert not Organisation.objects.filter(pk=first.pk).exists()
    browser_errors.assert_none()
