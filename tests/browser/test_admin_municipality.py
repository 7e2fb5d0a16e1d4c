"""The organisation's municipality in the admin: looked up from the official list by either
name (autocomplete), saved as the official code, shown in the admin's language."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device

pytestmark = pytest.mark.browser
PASSWORD = "kumppanuus-Salasana-2024!"


@pytest.fixture
def curator(django_user_model, live_server, themes):
    from django.contrib.auth.models import Group

    from portal.roles import CURATORS, roles_sync

    roles_sync()
    user = django_user_model.objects.create_user(
        username="kuntakuraattori", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=CURATORS))
    totp_device(user)
    return user


def test_curator_picks_a_municipality_by_its_swedish_name(
    browser, live_server, curator, browser_errors
):
    from pledges.models import Organisation
    from tests.pledges.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Kuntahaku ry", municipality=None, region="")
    context = browser.new_context(locale="sv-FI", base_url=live_server.url)
    page = context.new_page()
    admin_log_in(page, live_server, curator, PASSWORD)
    page.goto(
        live_server.url + reverse("admin:pledges_organisation_change", args=[organisation.pk])
    )

    # Django's autocomplete (select2): open it with the keyboard, type, choose with Enter.
    page.locator(".field-municipality .select2-selection").focus()
    page.keyboard.press("Enter")
    search = page.locator(".select2-search__field")
    expect(search).to_be_focused()
    search.type("Åbo")
    # Both names are searched: "Åbo" and "Uleåborg" match; choose Åbo with the arrow keys.
    abo = page.locator(".select2-results__option", has_text=re.compile(r"^Åbo$"))
    expect(abo).to_be_visible()
    for _step in range(5):
        if "select2-results__option--highlighted" in (abo.get_attribute("class") or ""):
            break
        page.keyboard.press("ArrowDown")
    expect(abo).to_have_class(re.compile("select2-results__option--highlighted"))
    page.keyboard.press("Enter")
    expect(page.locator(".field-municipality .select2-selection__rendered")).to_contain_text("Åbo")
    page.locator('input[name="_save"]').click()
    page.wait_for_url(live_server.url + reverse("admin:pledges_organisation_changelist"))

    organisation.refresh_from_db()
    assert organisation.municipality_id == "853"
    row = page.locator("#result_list tr", has_text="Kuntahaku ry")
    expect(row).to_contain_text("Åbo")
    assert Organisation.objects.filter(municipality__name_fi="Turku").count() == 1
    context.close()
