"""The admin in a real browser: login, modeltranslation's language tabs, the language switch."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device

PASSWORD = "kumppanuus-Salasana-2024!"


@pytest.fixture
def superuser(django_user_model, live_server):
    user = django_user_model.objects.create_superuser(
        username="yllapitaja", email="yllapitaja@example.fi", password=PASSWORD
    )
    totp_device(user)
    return user


@pytest.fixture
def requested_urls(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def assert_declares_icon(page) -> None:
    """Without <link rel=icon> the browser asks for /favicon.ico, a 404 and a console error."""
    icons = page.locator('head link[rel~="icon"]')
    assert icons.count() >= 1, (
        f"{page.url} declares no icon, so the browser requests /favicon.ico (404); "
        "templates/admin/base_site.html should link static img/favicon.svg"
    )


def test_theme_change_page_has_working_language_tabs(
    page, live_server, themes, superuser, requested_urls, browser_errors
):
    theme = themes[1]
    admin_log_in(page, live_server, superuser, PASSWORD)

    page.goto(live_server.url + reverse("admin:themes_theme_change", args=[theme.pk]))

    name_fi, name_sv = page.locator("#id_name_fi"), page.locator("#id_name_sv")
    # The tab item takes the clicks: its link is inert (static/js/admin-a11y.js says why).
    sv_tab = page.locator('li[aria-controls="tab_id_name_sv"]')
    # The tabs exist only when jQuery UI loaded and ran.
    expect(sv_tab).to_be_visible()
    expect(name_fi).to_be_visible()
    expect(name_sv).to_be_hidden()
    expect(name_fi).to_have_value(theme.name_fi)

    sv_tab.click()

    expect(name_sv).to_be_visible()
    expect(name_fi).to_be_hidden()
    expect(name_sv).to_have_value(theme.name_sv)

    jquery_ui = [url for url in requested_urls if url.endswith("/jquery-ui.min.js")]
    assert jquery_ui and all(url.startswith(live_server.url + "/static/") for url in jquery_ui)
    external = [
        url
        for url in requested_urls
        if not url.startswith(live_server.url + "/") and not url.startswith("data:")
    ]
    assert not external, f"the admin requested other hosts: {external}"
    assert_declares_icon(page)
    browser_errors.assert_none()


def test_admin_language_switch_changes_the_admin_language(
    page, live_server, superuser, browser_errors
):
    admin_log_in(page, live_server, superuser, PASSWORD)
    page.goto(live_server.url + reverse("admin:themes_theme_changelist"))
    changelist_url = page.url
    switch = page.locator("form.admin-language")
    html = page.locator("html")
    # The browser asks for Finnish (browser_context_args), so the admin starts in Finnish.
    expect(html).to_have_attribute("lang", "fi")
    expect(switch.locator('button[value="fi"]')).to_have_attribute("aria-pressed", "true")

    switch.locator('button[value="sv"]').click()

    expect(html).to_have_attribute("lang", "sv")
    assert page.url == changelist_url  # the same admin page, now in Swedish
    expect(page.locator("#logout-form button")).to_have_text("Logga ut")
    expect(switch.locator('button[value="sv"]')).to_have_attribute("aria-pressed", "true")
    expect(switch.locator('button[value="sv"]')).to_be_disabled()

    switch.locator('button[value="fi"]').click()

    expect(html).to_have_attribute("lang", "fi")
    expect(page.locator("#logout-form button")).to_have_text("Kirjaudu ulos")
    assert_declares_icon(page)
    browser_errors.assert_none()
