"""Staff write, preview, test, schedule and send newsletters in the admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from mailings import services
from mailings.models import Mailing, Newsletter, Subscriber, Suppression
from portal.roles import COMMUNICATIONS
from tests.conftest import verified_login
from tests.mailings.factories import NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0


def change_form_data(newsletter: Newsletter) -> dict:
    """What the change form posts for an unchanged newsletter."""
    return {
        "subject_fi": newsletter.subject_fi,
        "subject_sv": newsletter.subject_sv,
        "body_fi": newsletter.body_fi,
        "body_sv": newsletter.body_sv,
        "topics": newsletter.topics,
        "send_at_0": "",
        "send_at_1": "",
    }


def test_write_preview_test_and_send_a_newsletter(
    admin_client, admin_user, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lukija@example.fi", language="fi")
    SubscriberFactory(email="lasare@example.fi", language="sv")
    SubscriberFactory(email="event-only@example.fi", language="sv", topics=["events"])
    response = admin_client.post(
        reverse("admin:mailings_newsletter_add"),
        {
            "subject_fi": "Syksyn uutiset",
            "subject_sv": "Höstens nyheter",
            "body_fi": "## Tapahtumat\n\nTervetuloa!",
            "body_sv": "## Evenemang\n\nVälkommen!",
            "topics": ["newsletter"],
            "send_at_0": "",
            "send_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    newsletter = Newsletter.objects.get()
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="subject_sv"' in page.text and 'name="body_fi"' in page.text
    assert "luonnos" in page.text or "draft" in page.text
    assert "Send now" in page.text or "Lähetä nyt" in page.text

    preview = admin_client.get(reverse("admin:mailings_newsletter_preview", args=[newsletter.pk]))
    assert preview.status_code == 200
    # "##" is the body's highest heading, so it becomes h2 right under the subject's h1.
    assert "<h2>Tapahtumat</h2>" in preview.text
    assert "<h2>Evenemang</h2>" in preview.text

    admin_user.email = "toimittaja@example.fi"
    admin_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change, {**change_form_data(newsletter), "_send_test": "1"})
    assert smtp_server.recipients() == ["toimittaja@example.fi"] * 2
    assert {m["Subject"] for m in smtp_server.messages} == {
        "[Testi] Syksyn uutiset",
        "[Test] Höstens nyheter",
    }
    smtp_server.messages.clear()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change, {**change_form_data(newsletter), "_send_now": "1"})
    assert sorted(smtp_server.recipients()) == ["lasare@example.fi", "lukija@example.fi"]
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"
    listing = admin_client.get(reverse("admin:mailings_newsletter_changelist"))
    assert "2 lähetetty" in listing.text or "2 sent" in listing.text
    sent_page = admin_client.get(change).text
    assert "2 lähetetty" in sent_page or "2 sent" in sent_page
    # Sending again does nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change, {**change_form_data(newsletter), "_send_now": "1"})
    assert len(smtp_server.messages) == 2


def test_schedule_needs_a_time_and_then_waits_for_the_dispatch_job(admin_client):
    newsletter = NewsletterFactory()
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    refused = admin_client.post(
        change, {**change_form_data(newsletter), "_schedule": "1"}, follow=True
    )
    assert "Asettakaa ensin" in refused.text or "Set a sending time" in refused.text
    newsletter.refresh_from_db()
    assert newsletter.status == "draft"
    newsletter.send_at = timezone.now()
    newsletter.save()
    # The button saves the form first: the time typed in the form is the one scheduled.
    data = {**change_form_data(newsletter), "_schedule": "1"}
    data.update(send_at_0="2030-12-24", send_at_1="09:00:00")
    response = admin_client.post(change, data)
    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.status == "scheduled"
    assert timezone.localtime(newsletter.send_at).year == 2030


def test_lists_filter_and_count_queries(admin_client, django_assert_max_num_queries):
    SubscriberFactory.create_batch(5, topics=["events", "theme-1"])
    SubscriberFactory.create_batch(5, status="unconfirmed")
    NewsletterFactory.create_batch(5, status="sent", sent_at=timezone.now())
    for url in [
        reverse("admin:mailings_subscriber_changelist") + "?status=confirmed&topic=events",
        reverse("admin:mailings_subscriber_changelist") + "?topic=nonsense&language=xx",
        reverse("admin:mailings_newsletter_changelist"),
        reverse("admin:mailings_mailing_changelist"),
        reverse("admin:mailings_delivery_changelist"),
        reverse("admin:mailings_suppression_changelist"),
    ]:
        with django_assert_max_num_queries(15):
            response = admin_client.get(url)
        assert response.status_code in (200, 302), url


def test_staff_add_a_suppressed_address(admin_client):
    subscriber = SubscriberFactory(email="Valitus@Example.fi")
    admin_client.post(
        reverse("admin:mailings_suppression_add"),
        {"email_key": "VALITUS@example.fi", "reason": "complained", "note": ""},
    )
    assert Suppression.objects.get().email_key == "valitus@example.fi"
    assert Subscriber.objects.get(pk=subscriber.pk).status == "confirmed"


@pytest.fixture
def communications(client, django_user_model):
    """A Communications editor: may change and send newsletters, nothing more."""
    user = django_user_model.objects.create_user(
        username="viestinta", password="x", email="viestinta@example.fi", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return verified_login(client, user)


@pytest.mark.parametrize("missing", ["send_at", "topics"])
def test_the_schedule_service_refuses_a_newsletter_without_a_time_or_topics(missing):
    newsletter = NewsletterFactory(topics=[] if missing == "topics" else ["newsletter"])
    send_at = None if missing == "send_at" else timezone.now() + timedelta(days=1)
    with pytest.raises(services.NewsletterIncomplete) as refused:
        services.newsletter_schedule(newsletter=newsletter, send_at=send_at)
    with translation.override("sv"):
        assert str(refused.value) == "Ange först sändningstid och ämnen."
    newsletter.refresh_from_db()
    assert (newsletter.status, newsletter.send_at) == ("draft", None)


def test_the_admin_shows_why_a_newsletter_without_a_time_is_not_scheduled(communications):
    newsletter = NewsletterFactory()
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    page = communications.post(
        change, {**change_form_data(newsletter), "_schedule": "1"}, follow=True
    )
    assert "Asettakaa ensin lähetysaika ja aiheet." in page.text
    newsletter.refresh_from_db()
    assert newsletter.status == "draft"


def test_a_sent_newsletter_is_neither_sent_again_nor_scheduled(
    communications, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lukija@example.fi")
    newsletter = NewsletterFactory()
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = communications.post(
            change, {**change_form_data(newsletter), "_send_now": "1"}, follow=True
        )
    assert "Lähetys aloitettu" in page.text
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"
    assert smtp_server.recipients() == ["lukija@example.fi"]

    # The services refuse on their own, whoever calls them.
    with pytest.raises(services.NewsletterAlreadySent):
        services.newsletter_send_now(newsletter=newsletter)
    with pytest.raises(services.NewsletterAlreadySent):
        services.newsletter_schedule(
            newsletter=newsletter, send_at=timezone.now() + timedelta(days=1)
        )

    # Staff pressing a button of the sent newsletter get the reason, and nothing happens.
    for button in ("_send_now", "_schedule"):
        data = {**change_form_data(newsletter), button: "1"}
        data.update(send_at_0="2030-12-24", send_at_1="09:00:00")
        with django_capture_on_commit_callbacks(execute=True):
            page = communications.post(change, data, follow=True)
        assert "Tämä uutiskirje on jo lähetetty." in page.text, button
        assert "Lähetys aloitettu" not in page.text
        newsletter.refresh_from_db()
        assert (newsletter.status, newsletter.send_at) == ("sent", None)
    assert Mailing.objects.count() == 1
    assert smtp_server.recipients() == ["lukija@example.fi"]


def test_the_send_now_service_refuses_a_newsletter_without_an_edition(communications):
    newsletter = NewsletterFactory(subject_fi="", subject_sv="Bara rubrik", body_sv="")
    with pytest.raises(services.NewsletterIncomplete):
        services.newsletter_send_now(newsletter=newsletter)
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    page = communications.post(
        change, {**change_form_data(newsletter), "_send_now": "1"}, follow=True
    )
    assert "Kirjoita vähintään yksi kieliversio ja valitse aiheet ennen lähettämistä." in page.text
    newsletter.refresh_from_db()
    assert (newsletter.status, newsletter.mailing) == ("draft", None)
    assert not Mailing.objects.exists()
