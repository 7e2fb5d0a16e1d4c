"""Event pages in the real browser: axe-core on every page (forms in their error state
too), 320 px reflow, and the whole registration flow in Swedish."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from events import services
from events.models import Event, Registration
from mailings.models import Delivery
from tests.browser.test_responsive import OVERFLOWING_JS

LANGUAGES = ["fi", "sv"]


@pytest.fixture
def events(themes):
    now = timezone.now().replace(second=0, microsecond=0)

    def make(**fields) -> Event:
        defaults = {
            "title_fi": "Kumppanuusohjelman infotilaisuus",
            "title_sv": "Informationsmöte om partnerskapsprogrammet",
            "description_fi": "Kerromme ohjelmasta ja vastaamme kysymyksiin.",
            "description_sv": "Vi berättar om programmet och svarar på frågor.",
            "kind": Event.Kind.INFO_SESSION,
            "starts_at": now + timedelta(days=7),
            "ends_at": now + timedelta(days=7, hours=2),
            "place_fi": "Kaupungintalo",
            "place_sv": "Stadshuset",
            "address_fi": "Esimerkkikatu 1, Vaasa",
            "address_sv": "Exempelgatan 1, Vasa",
            "in_swedish": True,
            "scope": Event.Scope.REGIONAL,
            "region": "pohjanmaa",
            "organiser_fi": "Työ- ja elinkeinoministeriö",
            "organiser_sv": "Arbets- och näringsministeriet",
            "capacity": 1,
            "is_published": True,
        }
        event = Event.objects.create(**{**defaults, **fields})
        event.themes.set(themes[:2])
        return event

    upcoming = make()
    make(
        title_fi="Webinaari vain suomeksi",
        title_sv="",
        kind=Event.Kind.WEBINAR,
        online_url="https://meet.example.fi/x",
        scope=Event.Scope.NATIONAL,
        region="",
        place_fi="",
        place_sv="",
        address_fi="",
        address_sv="",
        capacity=None,
    )
    past = make(
        title_fi="Mennyt työpaja",
        title_sv="Tidigare verkstad",
        kind=Event.Kind.WORKSHOP,
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20, hours=-3),
    )
    return {"upcoming": upcoming, "past": past}


def address(live_server, lang: str, name: str = "", obj=None, **kwargs) -> str:
    with translation.override(lang):
        path = obj.get_absolute_url() if obj is not None else reverse(name, kwargs=kwargs or None)
    return live_server.url + path


def check_page(page, axe, browser_errors, url: str, lang: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url}: {response.status}"
    assert page.evaluate("document.documentElement.lang") == lang
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{url} has h1 elements {headings}"
    violations = axe(page)
    assert not violations, f"axe-core found violations on {url}:\n{axe.report(violations)}"
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_event_pages_are_accessible(page, live_server, events, axe, browser_errors, lang):
    event = events["upcoming"]
    check_page(page, axe, browser_errors, address(live_server, lang, "events:list"), lang)
    check_page(
        page, axe, browser_errors, address(live_server, lang, "events:list") + "?when=past", lang
    )
    check_page(
        page,
        axe,
        browser_errors,
        address(live_server, lang, "events:list") + "?kind=webinar&region=lappi&theme=3",
        lang,
    )
    check_page(page, axe, browser_errors, address(live_server, lang, obj=event), lang)
    check_page(page, axe, browser_errors, address(live_server, lang, obj=events["past"]), lang)
    check_page(
        page, axe, browser_errors, address(live_server, lang, "events:register", pk=event.pk), lang
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_registration_form_error_state_is_accessible(
    page, live_server, events, axe, browser_errors, lang
):
    url = address(live_server, lang, "events:register", pk=events["upcoming"].pk)
    browser_errors.expect_error_status(url)
    page.goto(url)
    page.locator("#id_email").fill("ei-osoite")
    page.locator("#id_needs").fill("x")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary[role=alert]")
    assert summary.is_visible()
    assert page.locator("#id_name[aria-invalid=true]").count() == 1
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, axe.report(violations)
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signed_link_pages_are_accessible(page, live_server, events, axe, browser_errors, lang):
    registration = services.registration_create(
        event_id=events["upcoming"].pk, name="Maija", email="maija@example.fi"
    )
    for name, token, status in [
        ("events:registered", services.done_token(registration), 200),
        ("events:cancel", services.cancel_token(registration), 200),
        ("events:cancel", "muokattu", 404),
    ]:
        url = address(live_server, lang, name, token=token)
        if status == 404:
            browser_errors.expect_error_status(url)
        check_page(page, axe, browser_errors, url, lang, status)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_event_pages_reflow_at_320px(page, live_server, events, lang):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in [
        address(live_server, lang, "events:list"),
        address(live_server, lang, obj=events["upcoming"]),
        address(live_server, lang, "events:register", pk=events["upcoming"].pk),
    ]:
        page.goto(url)
        overflowing = page.evaluate(OVERFLOWING_JS)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, overflowing
        assert not overflowing, overflowing


def test_swedish_visitor_registers_cancels_and_frees_the_place(
    page, live_server, events, browser_errors
):
    event = events["upcoming"]
    # The Swedish visitor finds the event through the list and its filters.
    page.goto(address(live_server, "sv", "events:list"))
    page.get_by_label("Landskap").select_option("pohjanmaa")
    page.get_by_role("button", name="Visa evenemang").click()
    page.get_by_role("link", name="Informationsmöte om partnerskapsprogrammet").click()
    assert page.locator("h1").inner_text() == "Informationsmöte om partnerskapsprogrammet"
    page.get_by_role("link", name="Anmäl dig").click()
    page.get_by_label("Namn").fill("Sara Exempel")
    page.get_by_label("E-post").fill("sara@example.fi")
    page.get_by_label("Organisation").fill("Exempelföreningen rf")
    page.get_by_label("svenska").check()
    page.get_by_label("Tillgänglighetsbehov eller andra behov").fill("Hörslinga")
    page.get_by_role("button", name="Anmäl dig").click()
    assert page.locator("h1").inner_text() == "Anmälan mottagen"
    sara = Registration.objects.get(email="sara@example.fi")
    assert (sara.status, sara.language, sara.needs) == ("confirmed", "sv", "Hörslinga")
    confirmation = Delivery.objects.get(to_email="sara@example.fi")
    assert (confirmation.template, confirmation.language) == ("event_confirmation", "sv")
    (attachment,) = confirmation.attachments
    (vevent,) = Calendar.from_ical(attachment["content"]).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Informationsmöte om partnerskapsprogrammet"
    assert vevent["DTSTART"].dt == event.starts_at
    # Someone else joins the waiting list; then Sara cancels through her link.
    services.registration_create(
        event_id=event.pk, name="Matti", email="matti@example.fi", language="fi"
    )
    assert Registration.objects.get(email="matti@example.fi").status == "waiting"
    cancel_url = confirmation.context["cancel_url"].replace("http://testserver", live_server.url)
    page.goto(cancel_url)
    page.get_by_role("button", name="Ja, avboka min anmälan").click()
    assert page.locator("h1").inner_text() == "Anmälan avbokad"
    assert Registration.objects.get(email="sara@example.fi").status == "cancelled"
    assert Registration.objects.get(email="matti@example.fi").status == "confirmed"
    promotion = Delivery.objects.get(to_email="matti@example.fi", template="event_promotion")
    assert promotion.language == "fi"
    browser_errors.assert_none()
