"""Newsletter pages in the browser: accessible in fi and sv, and the whole subscriber flow."""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from mailings.models import Subscriber
from mailings.services import announcement_queue, newsletter_send_now
from mailings.tokens import token_make
from tests.mailings.factories import NewsletterFactory, SubscriberFactory

LANGUAGES = ["fi", "sv"]


@pytest.fixture(autouse=True)
def _mail_setup(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0
    cache.clear()


@pytest.fixture
def mailing_urls(live_server, themes):
    subscriber = SubscriberFactory(email="sivu@example.fi", topics=["newsletter", "events"])
    unconfirmed = SubscriberFactory(email="odottaa@example.fi", status="unconfirmed")
    newsletter = NewsletterFactory(status="sent", sent_at=timezone.now())
    only_fi = NewsletterFactory(status="sent", sent_at=timezone.now(), subject_sv="", body_sv="")

    def build(key: str, lang: str) -> str:
        names = {
            "subscribe": ("newsletter:subscribe", {}),
            "sent": ("newsletter:subscribe_sent", {}),
            "confirm": ("newsletter:confirm", {"token": token_make("confirm", unconfirmed.pk)}),
            "manage": ("newsletter:manage", {"token": token_make("manage", subscriber.pk)}),
            "unsubscribe": (
                "newsletter:unsubscribe",
                {"token": token_make("unsubscribe", subscriber.pk)},
            ),
            "invalid": ("newsletter:unsubscribe", {"token": "broken"}),
            "archive": ("newsletter:archive", {}),
            "detail": ("newsletter:archive_detail", {"pk": newsletter.pk}),
            "detail-fallback": ("newsletter:archive_detail", {"pk": only_fi.pk}),
        }
        name, kwargs = names[key]
        with translation.override(lang):
            return live_server.url + reverse(name, kwargs=kwargs or None)

    return build


PAGES = [
    "subscribe",
    "sent",
    "confirm",
    "manage",
    "unsubscribe",
    "invalid",
    "archive",
    "detail",
    "detail-fallback",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", PAGES)
def test_newsletter_page_is_accessible(page, mailing_urls, axe, browser_errors, key, lang):
    url = mailing_urls(key, lang)
    if key == "invalid":
        browser_errors.expect_error_status(url)
    response = page.goto(url)
    assert response.status == (400 if key == "invalid" else 200)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, axe.report(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_errors_are_accessible_and_listed_first(page, mailing_urls, axe, browser_errors, lang):
    page.set_viewport_size({"width": 320, "height": 800})
    url = mailing_urls("subscribe", lang)
    page.goto(url)
    browser_errors.expect_error_status(url)
    page.get_by_label({"fi": "Sähköpostiosoite", "sv": "E-postadress"}[lang]).fill("ei-osoite")
    page.locator("input[name=topics]:checked").uncheck()
    page.locator("main button[type=submit]").click()
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert summary.locator("a").count() == 3
    assert page.locator("[aria-invalid=true]").count() >= 2
    violations = axe(page)
    assert not violations, axe.report(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    browser_errors.assert_none()


def _link(message, pattern: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(u for u in re.findall(r"https?://\S+", text) if re.search(pattern, u))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_subscribe_confirm_receive_unsubscribe_and_receive_nothing_more(
    page, live_server, mailing_urls, smtp_server, lang
):
    address = f"uusi.{lang}@example.fi"
    page.goto(mailing_urls("subscribe", lang))
    page.get_by_label({"fi": "Sähköpostiosoite", "sv": "E-postadress"}[lang]).fill(address)
    page.locator("input[name=topics][value=events]").check()
    page.locator("input[name=consent]").check()
    page.locator("main button[type=submit]").click()
    assert page.locator("h1").inner_text() in ("Tarkista sähköpostisi", "Kontrollera din e-post")

    [confirmation] = [m for m in smtp_server.messages if m["To"] == address]
    confirm_url = _link(confirmation, "/(vahvista|bekrafta)/")
    page.goto(confirm_url.replace("http://testserver", live_server.url))
    assert Subscriber.objects.get(email=address).status == "unconfirmed"  # GET alone: no
    page.locator("main button[type=submit]").click()
    assert Subscriber.objects.get(email=address).status == "confirmed"

    smtp_server.messages.clear()
    with transaction.atomic():
        newsletter_send_now(newsletter=NewsletterFactory(topics=["events"]))
    [newsletter] = [m for m in smtp_server.messages if m["To"] == address]
    assert newsletter["Content-Language"] == lang
    assert newsletter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = newsletter["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url == _link(newsletter, "/(peru|avsluta)/")

    page.goto(unsubscribe_url.replace("http://testserver", live_server.url))
    assert Subscriber.objects.get(email=address).status == "confirmed"  # GET alone: no
    page.locator("main button[type=submit]").click()
    assert Subscriber.objects.get(email=address).status == "unsubscribed"

    smtp_server.messages.clear()
    with transaction.atomic():
        announcement_queue(
            topic="events",
            subjects={"fi": "Uusi tapahtuma", "sv": "Nytt evenemang"},
            bodies={"fi": "Tervetuloa", "sv": "Välkommen"},
            dedupe_key=f"browser-{lang}",
        )
    assert address not in smtp_server.recipients()
    assert smtp_server.recipients(), "others still receive the announcement"
