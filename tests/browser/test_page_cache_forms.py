"""The event registration form served from the page cache with its CSRF token punched out
(portal/page_cache.py): a real browser registers from a cache hit, both with the CSRF
cookie it already has and as a first-time visitor."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Registration
from tests.events.factories import EventFactory


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_TIMEOUT = 600


def fill_and_send(page, name: str, email: str) -> None:
    page.locator("#id_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_language_0").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/ilmoittautuminen/**")
    assert page.locator("h1").inner_text() == "Ilmoittautuminen vastaanotettu"


def test_registration_from_a_cached_form_page(page, live_server, themes, axe, browser_errors):
    event = EventFactory(title_fi="Välimuistin infotilaisuus", capacity=3)
    with translation.override("fi"):
        register_url = live_server.url + reverse("events:register", kwargs={"pk": event.pk})
        detail_url = live_server.url + event.get_absolute_url()

    first = page.goto(register_url)
    assert first is not None and first.status == 200
    assert "x-page-cache" not in first.headers
    second = page.goto(register_url)
    assert second is not None and second.status == 200
    headers = second.headers
    assert headers["x-page-cache"] == "hit"
    assert headers["cache-control"] == "private, no-cache"
    assert "content-encoding" not in headers
    assert "etag" not in headers
    violations = axe(page)
    assert not violations, axe.report(violations)
    # The visitor with the cookie from the first load sends the form from the hit.
    fill_and_send(page, "Sanna Esimerkki", "sanna@example.fi")
    assert Registration.objects.get(email="sanna@example.fi").status == "confirmed"

    # The registration changed the events topic: the next load renders the page afresh.
    renewed = page.goto(register_url)
    assert renewed is not None and "x-page-cache" not in renewed.headers
    # A first-time visitor (no cookie) from a hit: a fresh token and cookie of their own.
    page.context.clear_cookies()
    again = page.goto(register_url)
    assert again is not None and again.headers["x-page-cache"] == "hit"
    assert any(cookie["name"] == "csrftoken" for cookie in page.context.cookies())
    fill_and_send(page, "Matti Esimerkki", "matti@example.fi")
    assert Registration.objects.get(email="matti@example.fi").status == "confirmed"

    # Both registrations show in the free places on the next request.
    page.goto(detail_url)
    assert "1 paikka jäljellä" in page.locator("main").inner_text()
    browser_errors.assert_none()
