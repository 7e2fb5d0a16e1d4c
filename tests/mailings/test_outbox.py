"""The outbox: every mail is a row first, sent after commit, retried until it goes out."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mailings.models import Delivery
from mailings.services import deliveries_requeue, delivery_send, transactional_mail_queue

pytestmark = pytest.mark.django_db


def queue(**overrides) -> Delivery:
    fields = {
        "to": "maija@example.fi",
        "template": "test_message",
        "context": {"title": "Hyvää päivää, åäö"},
        "language": "sv",
    }
    return transactional_mail_queue(**{**fields, **overrides})


def test_mail_is_sent_after_commit_in_the_recipients_language(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        delivery = queue()
        assert smtp_server.messages == []
    assert len(callbacks) == 1
    callbacks[0]()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    [message] = smtp_server.messages
    assert message["Subject"] == "Framsidan: Hyvää päivää, åäö"
    assert message["To"] == "maija@example.fi"
    assert message["Content-Language"] == "sv"
    assert message["Message-ID"] == delivery.message_id
    assert message.get_body(("plain",)).get_content().startswith("Framsidan: Hyvää päivää")
    html = message.get_body(("html",)).get_content()
    assert '<html lang="sv">' in html
    assert "<h1>Framsidan</h1>" in html


def test_same_event_queues_one_mail(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(dedupe_key="receipt:1")
        second = queue(dedupe_key="receipt:1")
    assert first.pk == second.pk
    assert len(smtp_server.messages) == 1


def test_sending_twice_sends_once(smtp_server):
    delivery = queue()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    assert delivery_send(delivery_id=delivery.pk) is None
    assert len(smtp_server.messages) == 1


def test_smtp_down_keeps_the_mail_and_the_requeue_job_sends_it(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        delivery = queue()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert "Connection refused" in delivery.last_error

    smtp_server.start()
    assert deliveries_requeue() == 0  # handed to the broker a moment ago: not lost yet
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert deliveries_requeue() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert len(smtp_server.messages) == 1


def test_permanent_refusal_is_recorded_not_retried(smtp_server):
    smtp_server.reject_rcpt = "550 5.1.1 No such user"
    delivery = queue()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert "550" in delivery.last_error
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert deliveries_requeue() == 0


def test_temporary_refusal_stays_pending(smtp_server):
    from mailings.services import TemporaryMailError

    smtp_server.reject_rcpt = "451 4.3.0 Try again later"
    delivery = queue()
    with pytest.raises(TemporaryMailError):
        delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert "451" in delivery.last_error


def test_delivery_stuck_in_sending_is_sent_again(smtp_server):
    delivery = queue()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, sending_started_at=timezone.now()
    )
    assert deliveries_requeue() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert deliveries_requeue() == 1
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENT


def test_broker_down_keeps_the_mail_pending_and_does_not_hang(
    smtp_server, broker_down, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        delivery = queue()
    assert time.monotonic() - started < 10
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.enqueued_at is not None
    assert smtp_server.messages == []
