"""Staff send failed mails again: recorded, never to suppressed addresses, on the wire."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from mailings.models import Delivery, DeliveryResend, Mailing
from mailings.services import (
    announcement_queue,
    newsletter_send_now,
    suppression_add,
    transactional_mail_queue,
)
from portal.roles import COMMUNICATIONS, ROLES
from tests.conftest import verified_login
from tests.mailings.factories import NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
PLAIN = "plain staff"
SUPERUSER = "superuser"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0


@pytest.fixture
def as_role(client, django_user_model):
    def login(role: str):
        user = django_user_model.objects.create_user(
            username=f"user-{role.replace(' ', '-').lower()}",
            password="x",
            is_staff=True,
            is_superuser=role == SUPERUSER,
        )
        if role in ROLES:
            user.groups.add(Group.objects.get(name=role))
        verified_login(client, user)
        return client, user

    return login


def failed_receipt(smtp_server, django_capture_on_commit_callbacks) -> Delivery:
    """A single mail the server refused for good (550), as a mistyped domain would get."""
    smtp_server.reject_rcpt = "550 5.1.1 No such user"
    with django_capture_on_commit_callbacks(execute=True):
        delivery = transactional_mail_queue(
            to="osallistuja@example.fi",
            template="newsletter_test",
            context={"subject": "Kuitti", "body_html": "<p>Kiitos</p>", "body_text": "Kiitos"},
            language="fi",
        )
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    smtp_server.reject_rcpt = None
    assert smtp_server.messages == []
    return delivery


def test_communications_sends_a_failed_mail_again_and_it_arrives(
    as_role, smtp_server, django_capture_on_commit_callbacks
):
    delivery = failed_receipt(smtp_server, django_capture_on_commit_callbacks)
    client, user = as_role(COMMUNICATIONS)
    changelist = reverse("admin:mailings_delivery_changelist")
    assert "resend_selected" in client.get(changelist).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {"action": "resend_selected", "_selected_action": [delivery.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert "1 epäonnistunut viesti lähetetään uudelleen." in response.text
    [mail] = smtp_server.messages
    assert mail["To"] == "osallistuja@example.fi"
    assert "Kuitti" in mail["Subject"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    [record] = DeliveryResend.objects.all()
    assert (record.delivery, record.resent_by, record.previous_attempts) == (delivery, user, 1)
    assert "550" in record.previous_error
    # The record is shown on the delivery's page.
    page = client.get(reverse("admin:mailings_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert user.username in page.text
    # Sent mails are not sent again.
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {"action": "resend_selected", "_selected_action": [delivery.pk]},
            follow=True,
        )
    assert "1 viesti ei ollut epäonnistunut" in response.text
    assert smtp_server.messages == []


@pytest.mark.parametrize("role", [*ROLES, PLAIN, SUPERUSER])
def test_only_roles_with_the_permission_may_send_again(
    as_role, role, smtp_server, django_capture_on_commit_callbacks
):
    delivery = failed_receipt(smtp_server, django_capture_on_commit_callbacks)
    client, _user = as_role(role)
    allowed = role == SUPERUSER or "mailings.resend_delivery" in ROLES.get(role, [])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:mailings_delivery_changelist"),
            {"action": "resend_selected", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert delivery.status == "sent"
        assert len(smtp_server.messages) == 1
    else:
        # No access to the outbox at all (403), or the action is not offered (200, no-op).
        assert response.status_code in (200, 403)
        assert delivery.status == "failed"
        assert smtp_server.messages == []
        assert not DeliveryResend.objects.exists()


def test_a_newsletters_failures_are_sent_again_except_to_suppressed_addresses(
    as_role, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="ok@example.fi")
    SubscriberFactory(email="kuollut@example.fi")
    SubscriberFactory(email="ruuhka@example.fi")
    newsletter = NewsletterFactory()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_send_now(newsletter=newsletter)
    newsletter.refresh_from_db()
    mailing = newsletter.mailing
    # One address bounced for good (suppressed); one failed after too many busy answers.
    Delivery.objects.filter(mailing=mailing, to_email="kuollut@example.fi").update(
        status="failed", last_error="550 No such user"
    )
    suppression_add(address="kuollut@example.fi", reason="bounced")
    Delivery.objects.filter(mailing=mailing, to_email="ruuhka@example.fi").update(
        status="failed", attempts=10, last_error="451 Try later"
    )
    smtp_server.messages.clear()
    client, user = as_role(COMMUNICATIONS)
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    page = client.get(change)
    assert 'name="_resend_failed"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, {"_resend_failed": "1"}, follow=True)
    assert response.status_code == 200
    assert "1 epäonnistunut viesti lähetetään uudelleen." in response.text
    assert "estolistalla" in response.text
    assert smtp_server.recipients() == ["ruuhka@example.fi"]
    statuses = dict(Delivery.objects.filter(mailing=mailing).values_list("to_email", "status"))
    assert statuses == {
        "ok@example.fi": "sent",
        "kuollut@example.fi": "failed",
        "ruuhka@example.fi": "sent",
    }
    assert DeliveryResend.objects.get().resent_by == user
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DONE and mailing.finished_at is not None


def test_the_mailing_action_sends_an_announcements_failures_again(
    admin_client, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lukija@example.fi", topics=["events"])
    with django_capture_on_commit_callbacks(execute=True):
        mailing = announcement_queue(
            topic="events", subjects={"fi": "Tapahtuma"}, bodies={"fi": "Teksti"}, dedupe_key="x"
        )
    Delivery.objects.filter(mailing=mailing).update(status="failed", last_error="render: x")
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:mailings_mailing_changelist"),
            {"action": "resend_failed", "_selected_action": [mailing.pk]},
        )
    assert response.status_code == 302
    assert smtp_server.recipients() == ["lukija@example.fi"]


def test_communications_sees_no_submission_mails_and_no_signed_links(
    as_role, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = transactional_mail_queue(
            to="yhteyshenkilo@example.fi",
            template="pledge_receipt",
            context={"secret": "x"},
            language="fi",
        )
        confirm = transactional_mail_queue(
            to="tilaaja@example.fi",
            template="subscription_confirm",
            context={"confirm_url": "http://testserver/fi/salainen-linkki/", "topics": []},
            language="fi",
        )
    client, _user = as_role(COMMUNICATIONS)
    listing = client.get(reverse("admin:mailings_delivery_changelist"))
    assert "tilaaja@example.fi" in listing.text
    assert "yhteyshenkilo@example.fi" not in listing.text
    hidden = client.get(reverse("admin:mailings_delivery_change", args=[receipt.pk]))
    assert hidden.status_code in (302, 404)
    page = client.get(reverse("admin:mailings_delivery_change", args=[confirm.pk]))
    assert page.status_code == 200
    assert "salainen-linkki" not in page.text
