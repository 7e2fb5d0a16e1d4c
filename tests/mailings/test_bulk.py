"""Bulk mail in-process: announcements and newsletters reach each subscriber once."""

import pytest
from django.utils import timezone

from mailings.models import Delivery, Mailing, Subscriber
from mailings.services import (
    announcement_queue,
    deliveries_requeue,
    mailing_batch_send,
    mailing_fan_out,
    newsletter_send_now,
    newsletters_dispatch_due,
    suppression_add,
)
from tests.mailings.factories import NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0


def _by_recipient(smtp_server) -> dict:
    found: dict = {}
    for message in smtp_server.messages:
        found.setdefault(str(message["To"]), []).append(message)
    return found


def test_announcement_reaches_confirmed_event_subscribers_in_their_language(
    smtp_server, django_capture_on_commit_callbacks
):
    fi = SubscriberFactory(email="Aino@Example.fi", language="fi", topics=["events"])
    sv = SubscriberFactory(email="bjorn@example.fi", language="sv", topics=["events", "theme-2"])
    SubscriberFactory(email="news-only@example.fi", topics=["newsletter"])
    SubscriberFactory(email="pending@example.fi", topics=["events"], status="unconfirmed")
    SubscriberFactory(email="gone@example.fi", topics=["events"], status="unsubscribed")
    SubscriberFactory(email="bounced@example.fi", topics=["events"])
    suppression_add(address="BOUNCED@example.fi", reason="bounced")

    with django_capture_on_commit_callbacks(execute=True):
        mailing = announcement_queue(
            topic="events",
            subjects={
                "fi": "Uusi tapahtuma: Kotoutumisen kevätfoorumi",
                "sv": "Nytt evenemang: Vårforum",
            },
            bodies={
                "fi": "Tervetuloa **Helsinkiin** 12.3.",
                "sv": "Välkommen till **Helsingfors** 12.3.",
            },
            dedupe_key="event:7:announce",
        )
        again = announcement_queue(
            topic="events", subjects={"fi": "x"}, bodies={"fi": "y"}, dedupe_key="event:7:announce"
        )
    assert again.pk == mailing.pk
    received = _by_recipient(smtp_server)
    assert sorted(received) == ["Aino@Example.fi", "bjorn@example.fi"]
    [fi_mail] = received[fi.email]
    [sv_mail] = received[sv.email]
    assert fi_mail["Subject"] == "Uusi tapahtuma: Kotoutumisen kevätfoorumi"
    assert sv_mail["Subject"] == "Nytt evenemang: Vårforum"
    assert sv_mail["Content-Language"] == "sv"
    html = sv_mail.get_body(("html",)).get_content()
    assert '<html lang="sv">' in html
    assert "<strong>Helsingfors</strong>" in html
    assert "Avregistrera" in html or "Avsluta" in html or "unsubscribe" in html.lower()
    text = sv_mail.get_body(("plain",)).get_content()
    assert "Välkommen till Helsingfors 12.3." in text
    assert sv_mail["List-Unsubscribe"].startswith("<http://testserver/sv/")
    assert sv_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE
    delivery = Delivery.objects.get(mailing=mailing, to_email=sv.email)
    assert delivery.status == Delivery.Status.SENT
    assert delivery.message_id == sv_mail["Message-ID"]


def test_fan_out_twice_lists_each_recipient_once(smtp_server):
    SubscriberFactory.create_batch(5, topics=["newsletter", "events"])
    mailing = Mailing.objects.create(
        kind="newsletter", topics=["newsletter", "events"], subjects={"fi": "S"}, bodies={"fi": "B"}
    )
    assert mailing_fan_out(mailing_id=mailing.pk) == 5
    assert mailing_fan_out(mailing_id=mailing.pk) == 5
    assert Delivery.objects.filter(mailing=mailing).count() == 5


def test_newsletter_goes_to_each_language_and_missing_edition_falls_back(
    smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="fi@example.fi", language="fi")
    SubscriberFactory(email="sv@example.fi", language="sv")
    newsletter = NewsletterFactory(subject_sv="", body_sv="")
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_send_now(newsletter=newsletter)
    received = _by_recipient(smtp_server)
    [sv_mail] = received["sv@example.fi"]
    assert sv_mail["Subject"] == newsletter.subject_fi
    html = sv_mail.get_body(("html",)).get_content()
    assert '<div lang="fi">' in html
    assert "Detta utskick finns endast på det andra språket." in html or 'lang="fi"' in html
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"


def test_scheduled_newsletter_is_sent_when_due(smtp_server, django_capture_on_commit_callbacks):
    SubscriberFactory(email="fi@example.fi")
    newsletter = NewsletterFactory(status="scheduled", send_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert newsletters_dispatch_due() == 1
        assert newsletters_dispatch_due() == 0
    assert len(smtp_server.messages) == 1
    newsletter.refresh_from_db()
    assert newsletter.sent_at is not None


def test_unsubscribed_after_listing_is_skipped(smtp_server, monkeypatch):
    from mailings import services
    from mailings.services import bulk

    subscriber = SubscriberFactory(email="late@example.fi")
    SubscriberFactory(email="stays@example.fi")
    mailing = Mailing.objects.create(
        kind="newsletter", topics=["newsletter"], subjects={"fi": "S"}, bodies={"fi": "B"}
    )
    # List the recipients without starting the senders, then one address unsubscribes.
    monkeypatch.setattr(bulk, "mailing_batches_enqueue", lambda **kwargs: 0)
    mailing_fan_out(mailing_id=mailing.pk)
    services.unsubscribe(subscriber_id=subscriber.pk)
    counts = mailing_batch_send(mailing_id=mailing.pk)
    assert counts["sent"] == 1
    assert smtp_server.recipients() == ["stays@example.fi"]
    assert Delivery.objects.get(to_email="late@example.fi").status == "skipped"
    assert Subscriber.objects.get(pk=subscriber.pk).status == "unsubscribed"


def test_smtp_down_during_a_batch_leaves_rows_pending_and_sweeper_finishes(
    smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(3)
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        mailing = announcement_queue(
            topic="newsletter", subjects={"fi": "S"}, bodies={"fi": "B"}, dedupe_key="k1"
        )
    assert Delivery.objects.filter(mailing=mailing, status="pending").count() == 3
    smtp_server.start()
    from datetime import timedelta

    assert deliveries_requeue(requeue_after=timedelta(0)) >= 1
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 3
    assert len(smtp_server.messages) == 3
    mailing.refresh_from_db()
    assert mailing.finished_at is not None


def test_mail_is_accessible_multipart_with_https_one_click_links(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kumppanuusohjelma.example.fi"
    settings.DEFAULT_FROM_EMAIL = "uutiskirje@example.fi"
    SubscriberFactory(email="sv@example.fi", language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        announcement_queue(
            topic="newsletter",
            subjects={"fi": "Äänestä nyt", "sv": "Höstens träff på Åland"},
            bodies={
                "fi": "x",
                "sv": "# Program\n\n![Deltagare vid bordet](https://example.fi/a.png)",
            },
            dedupe_key="a11y",
        )
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Höstens träff på Åland"
    assert mail["From"] == "uutiskirje@example.fi"
    assert mail["Message-ID"].endswith("@kumppanuusohjelma.example.fi>")
    assert mail.get_content_type() == "multipart/alternative"
    unsubscribe = mail["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://kumppanuusohjelma.example.fi/sv/nyhetsbrev/")
    html = mail.get_body(("html",)).get_content()
    assert '<h1 style="' in html and ">Höstens träff på Åland</h1>" in html
    assert "<h2>Program</h2>" in html
    assert '<img alt="Deltagare vid bordet"' in html
    assert "https://kumppanuusohjelma.example.fi/sv/nyhetsbrev/installningar/" in html
    text = mail.get_body(("plain",)).get_content()
    assert unsubscribe.strip("<>") in text


def test_hard_bounce_is_recorded_and_suppressed(smtp_server, django_capture_on_commit_callbacks):
    from mailings.models import Suppression

    SubscriberFactory(email="ei.ole@example.fi")
    smtp_server.reject_rcpt = "550 5.1.1 No such user"
    with django_capture_on_commit_callbacks(execute=True):
        mailing = announcement_queue(
            topic="newsletter", subjects={"fi": "S"}, bodies={"fi": "B"}, dedupe_key="bounce"
        )
    delivery = Delivery.objects.get(mailing=mailing)
    assert delivery.status == Delivery.Status.FAILED
    assert "550" in delivery.last_error
    assert Suppression.objects.get().reason == "bounced"
    mailing.refresh_from_db()
    assert mailing.finished_at is not None
