"""Newsletter pages in the browser: accessible in fi and sv, and the whole subscriber flow."""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from mailings.models import SUBSCRIBER_LINKS, Subscriber
from mailings.services import announcement_queue, newsletter_send_now
from tests.browser.conftest import STAFF_PASSWORD
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
    gone = SubscriberFactory(
        email="poissa@example.fi", status="unsubscribed", unsubscribed_at=timezone.now()
    )
    newsletter = NewsletterFactory(status="sent", sent_at=timezone.now())
    only_fi = NewsletterFactory(status="sent", sent_at=timezone.now(), subject_sv="", body_sv="")

    def build(key: str, lang: str) -> str:
        names = {
            "subscribe": ("newsletter:subscribe", {}),
            "sent": ("newsletter:subscribe_sent", {}),
            "confirm": (
                "newsletter:confirm",
                {"token": SUBSCRIBER_LINKS["confirm"].make(unconfirmed.pk)},
            ),
            "manage": (
                "newsletter:manage",
                {"token": SUBSCRIBER_LINKS["manage"].make(subscriber.pk)},
            ),
            "unsubscribe": (
                "newsletter:unsubscribe",
                {"token": SUBSCRIBER_LINKS["unsubscribe"].make(subscriber.pk)},
            ),
            "invalid": ("newsletter:unsubscribe", {"token": "broken"}),
            "withdrawn": (
                "newsletter:confirm",
                {"token": SUBSCRIBER_LINKS["confirm"].make(gone.pk)},
            ),
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
    "withdrawn",
    "archive",
    "detail",
    "detail-fallback",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", PAGES)
def test_newsletter_page_is_accessible(page, mailing_urls, axe, browser_errors, key, lang):
    url = mailing_urls(key, lang)
    expected = {"invalid": 400, "withdrawn": 410}.get(key, 200)
    if expected != 200:
        browser_errors.expect_error_status(url)
    response = page.goto(url)
    assert response.status == expected
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


# ---------------------------------------------------------------------------------------
# The newsletter admin: its buttons in a real browser
# ---------------------------------------------------------------------------------------

PASSWORD = STAFF_PASSWORD


def test_newsletter_buttons_send_a_test_save_on_enter_and_send(
    page, live_server, communications, smtp_server, browser_errors
):
    from playwright.sync_api import expect

    from tests.browser.conftest import admin_log_in

    SubscriberFactory(email="lukija@example.fi", topics=["newsletter"])
    newsletter = NewsletterFactory(subject_fi="Syksyn uutiskirje")
    change = live_server.url + reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    admin_log_in(page, live_server, communications, PASSWORD)
    page.goto(change)

    page.get_by_role("button", name="Lähetä testi itselleni").click()
    expect(page.locator(".messagelist")).to_contain_text("viestinta@example.fi")
    assert page.url == change
    assert smtp_server.recipients() == ["viestinta@example.fi"] * 2
    assert {str(m["Subject"]) for m in smtp_server.messages} == {
        "[Testi] Syksyn uutiskirje",
        f"[Test] {newsletter.subject_sv}",
    }
    newsletter.refresh_from_db()
    assert newsletter.status == "draft"

    # Enter in a field saves (the save buttons come first), it never sends anything.
    smtp_server.messages.clear()
    page.locator("#id_subject_fi").fill("Syksyn uutiskirje 2")
    page.locator("#id_subject_fi").press("Enter")
    page.wait_for_url(lambda url: url != change)
    newsletter.refresh_from_db()
    assert (newsletter.subject_fi, newsletter.status) == ("Syksyn uutiskirje 2", "draft")
    assert smtp_server.messages == []

    # Schedule: the time typed in the form is saved and scheduled in one click.
    page.goto(change)
    page.locator("#id_send_at_0").fill("2030-12-24")
    page.locator("#id_send_at_1").fill("09:00:00")
    page.get_by_role("button", name="Ajasta lähetysaikaan").click()
    expect(page.locator(".messagelist")).to_contain_text("Uutiskirje on ajastettu.")
    newsletter.refresh_from_db()
    assert newsletter.status == "scheduled"
    assert timezone.localtime(newsletter.send_at).date().isoformat() == "2030-12-24"

    page.get_by_role("button", name="Lähetä nyt").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert smtp_server.recipients() == ["lukija@example.fi"]
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"
    browser_errors.assert_none()


def test_failed_mails_are_sent_again_from_the_outbox_and_the_newsletter(
    page, live_server, communications, smtp_server, browser_errors
):
    from playwright.sync_api import expect

    from mailings.models import Delivery, DeliveryResend
    from mailings.services import transactional_mail_queue
    from tests.browser.conftest import admin_log_in

    # A single mail the server refused for good.
    smtp_server.reject_rcpt = "550 5.1.1 No such user"
    with transaction.atomic():
        delivery = transactional_mail_queue(
            to="vastaanottaja@example.fi",
            template="newsletter_test",
            context={"subject": "Kuitti", "body_html": "<p>Kiitos</p>", "body_text": "Kiitos"},
            language="fi",
        )
    # A newsletter of which one mail failed after too many busy answers.
    SubscriberFactory(email="ruuhka@example.fi", topics=["newsletter"])
    newsletter = NewsletterFactory()
    smtp_server.reject_rcpt = None
    with transaction.atomic():
        newsletter_send_now(newsletter=newsletter)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    Delivery.objects.filter(to_email="ruuhka@example.fi").update(
        status="failed", attempts=10, last_error="451 Try later"
    )
    smtp_server.messages.clear()

    admin_log_in(page, live_server, communications, PASSWORD)
    page.goto(live_server.url + reverse("admin:mailings_delivery_changelist") + "?status=failed")
    page.locator(f"input.action-select[value='{delivery.pk}']").check()
    page.locator("select[name=action]").select_option("resend_selected")
    page.locator("#changelist-form button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("lähetetään uudelleen")
    assert smtp_server.recipients() == ["vastaanottaja@example.fi"]
    assert DeliveryResend.objects.get().resent_by == communications

    smtp_server.messages.clear()
    page.goto(live_server.url + reverse("admin:mailings_newsletter_change", args=[newsletter.pk]))
    page.get_by_role("button", name="Lähetä epäonnistuneet viestit uudelleen").click()
    expect(page.locator(".messagelist")).to_contain_text("lähetetään uudelleen")
    assert smtp_server.recipients() == ["ruuhka@example.fi"]
    assert Delivery.objects.get(to_email="ruuhka@example.fi").status == "sent"
    browser_errors.assert_none()
