"""Bulk mail through a real Celery worker, a real Redis broker and a real SMTP server.

These are the crash tests of the mailing machinery: every recipient gets their mail, in
their language, once; a worker killed mid-send or a broker that goes away loses nothing.
"""

import time
from collections import Counter
from datetime import timedelta

import redis as redis_lib
import time_machine
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from mailings.models import Delivery, Mailing, Subscriber, Subscription, Suppression
from mailings.services import (
    REQUEUE_AFTER,
    announcement_queue,
    deliveries_requeue,
    newsletter_send_now,
    reclaim_after,
)
from tests.mailings.conftest import wait_for
from tests.mailings.factories import NewsletterFactory

SUBJECTS = {
    "fi": "Kumppanuusohjelman uutiskirje: syksyä",
    "sv": "Partnerskapsprogrammets nyhetsbrev: hösten",
}
BODIES = {"fi": "Hyvää **syksyä** kaikille.", "sv": "En god **höst** till alla."}


def subscribers(count: int, *, prefix: str = "tilaaja", **fields) -> list[Subscriber]:
    rows = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{index}@example.fi",
            email_key=f"{prefix}{index}@example.fi",
            language="fi" if index % 2 else "sv",
            status=fields.get("status", Subscriber.Status.CONFIRMED),
        )
        for index in range(count)
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=row, topic=fields.get("topic", "newsletter")) for row in rows
    )
    return rows


def open_rows(mailing: Mailing) -> int:
    return Delivery.objects.filter(
        mailing=mailing, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).count()


def wait_until_done(mailing: Mailing, *, timeout: float = 60) -> None:
    def done() -> bool:
        mailing.refresh_from_db()
        return mailing.finished_at is not None

    wait_for(done, timeout=timeout, interval=0.2, message=f"mailing {mailing.pk} finished")


def received(smtp_server) -> Counter:
    return Counter(str(message["To"]) for message in smtp_server.messages)


def test_1000_subscribers_each_get_one_mail_in_their_language(broker, celery_worker, smtp_server):
    confirmed = subscribers(1000)
    unconfirmed = subscribers(5, prefix="vahvistamaton", status=Subscriber.Status.UNCONFIRMED)
    unsubscribed = subscribers(5, prefix="peruttu", status=Subscriber.Status.UNSUBSCRIBED)
    suppressed = confirmed[:7]
    Suppression.objects.bulk_create(
        Suppression(email_key=row.email_key, reason="bounced") for row in suppressed
    )
    limit = 400
    celery_worker(broker, MAILINGS_RATE_LIMIT_PER_SECOND=limit, MAILINGS_BATCH_SIZE=50)
    newsletter = NewsletterFactory(
        subject_fi=SUBJECTS["fi"],
        subject_sv=SUBJECTS["sv"],
        body_fi=BODIES["fi"],
        body_sv=BODIES["sv"],
    )
    with transaction.atomic():
        mailing = newsletter_send_now(newsletter=newsletter)
    wait_until_done(mailing)

    counts = received(smtp_server)
    expected = {row.email for row in confirmed[7:]}
    assert set(counts) == expected
    assert set(counts.values()) == {1}
    for row in unconfirmed + unsubscribed + suppressed:
        assert row.email not in counts
    languages = {row.email: row.language for row in confirmed}
    for message in smtp_server.messages:
        language = languages[str(message["To"])]
        assert message["Subject"] == SUBJECTS[language]
        assert message["Content-Language"] == language
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 993
    # One rate for all worker processes together: 993 mails at 400/s take at least ~1.5 s.
    span = Delivery.objects.filter(mailing=mailing).aggregate(
        first=Min("sent_at"), last=Max("sent_at")
    )
    assert span["last"] - span["first"] >= timedelta(seconds=993 / limit - 1.1)


def test_worker_killed_mid_send_leaves_nobody_without_mail(broker, celery_worker, smtp_server):
    rows = subscribers(1000, topic="events")
    knobs = {"MAILINGS_RATE_LIMIT_PER_SECOND": 250, "MAILINGS_BATCH_SIZE": 20}
    worker = celery_worker(broker, **knobs)
    with transaction.atomic():
        mailing = announcement_queue(
            topic="events", subjects=SUBJECTS, bodies=BODIES, dedupe_key="crash-test"
        )
    wait_for(lambda: len(smtp_server.messages) >= 300, timeout=30, message="300 mails sent")
    worker.kill()
    in_flight = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENDING).count()
    sent_before = len(smtp_server.messages)
    assert 0 < sent_before < 1000, "the kill must come in the middle of the send"
    assert open_rows(mailing) > 0

    # The sweeper (every minute from beat) finds the rows the dead worker held; no worker
    # runs now, so every row still "sending" is an orphan and may be taken back at once.
    assert deliveries_requeue(stuck_after=timedelta(0), requeue_after=timedelta(0)) >= 1
    celery_worker(broker, **knobs)
    wait_until_done(mailing)

    counts = received(smtp_server)
    assert set(counts) == {row.email for row in rows}, "someone got no mail"
    duplicates = sum(count - 1 for count in counts.values())
    print(f"sent before the kill {sent_before}, in flight {in_flight}, duplicates {duplicates}")
    assert duplicates <= in_flight, (duplicates, in_flight)
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 1000


def test_redis_stopped_mid_send_loses_nothing(own_redis, celery_worker, smtp_server):
    rows = subscribers(1000)
    worker = celery_worker(
        own_redis.url, MAILINGS_RATE_LIMIT_PER_SECOND=300, MAILINGS_BATCH_SIZE=20
    )
    with transaction.atomic():
        mailing = announcement_queue(
            topic="newsletter", subjects=SUBJECTS, bodies=BODIES, dedupe_key="redis-down"
        )
    wait_for(lambda: len(smtp_server.messages) >= 200, timeout=30, message="200 mails sent")
    own_redis.stop()
    time.sleep(2)
    stalled_at = len(smtp_server.messages)
    assert stalled_at < 1000
    own_redis.start()  # empty: a restarted Redis without persistence lost every message
    # Batches already claimed finish; then the sweeper re-queues the rest of the mailing.
    wait_for(
        lambda: not Delivery.objects.filter(mailing=mailing, status="sending").exists(),
        timeout=30,
        message="running batches finished",
    )
    assert deliveries_requeue(requeue_after=timedelta(0)) >= 1
    wait_until_done(mailing)
    assert worker.process.poll() is None, "the worker survives the broker outage"
    counts = received(smtp_server)
    assert set(counts) == {row.email for row in rows}
    assert set(counts.values()) == {1}


def message_ids(smtp_server) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for message in smtp_server.messages:
        found.setdefault(str(message["To"]), set()).add(str(message["Message-ID"]))
    return found


def test_dead_batch_is_reclaimed_after_the_task_time_limit(
    broker, celery_worker, smtp_server, settings
):
    rows = subscribers(600, topic="events")
    # A short time limit, as a test may set it: the worker's tasks and the sweeper agree.
    settings.MAILINGS_TASK_TIME_LIMIT = 8
    knobs = {
        "MAILINGS_RATE_LIMIT_PER_SECOND": 40,
        "MAILINGS_BATCH_SIZE": 40,
        "MAILINGS_TASK_TIME_LIMIT": 8,
    }
    worker = celery_worker(broker, **knobs)
    with transaction.atomic():
        mailing = announcement_queue(
            topic="events", subjects=SUBJECTS, bodies=BODIES, dedupe_key="reclaim-test"
        )
    sending = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENDING)
    wait_for(
        lambda: len(smtp_server.messages) >= 60 and sending.all().exists(),
        timeout=30,
        message="60 mails sent and a batch running",
    )
    worker.kill()
    in_flight = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENDING)
    claimed = {row.pk: row.message_id for row in in_flight}
    assert claimed, "the kill must leave a batch claimed"
    assert all(claimed.values()), "a claimed row has its Message-ID already"
    started = min(row.sending_started_at for row in in_flight)

    # Before the time limit (and its grace) the batch might still run: its rows stay.
    with time_machine.travel(started + reclaim_after() - timedelta(seconds=2)):
        deliveries_requeue()
    assert set(in_flight.values_list("pk", flat=True)) == set(claimed)
    # After it they are taken back, with their Message-IDs, and the mailing, quiet for a
    # minute, gets new batches (it used to take 15 minutes).
    later = max(reclaim_after(), REQUEUE_AFTER) + timedelta(seconds=1)
    with time_machine.travel(timezone.now() + later):
        assert deliveries_requeue() >= 1
    assert not in_flight.all().exists()
    assert dict(Delivery.objects.filter(pk__in=claimed).values_list("pk", "message_id")) == claimed
    celery_worker(broker, **knobs)
    wait_until_done(mailing)

    counts = received(smtp_server)
    assert set(counts) == {row.email for row in rows}, "someone got no mail"
    assert sum(count - 1 for count in counts.values()) <= len(claimed)
    # A mail sent twice carries one Message-ID: the receiving side merges the copies.
    assert all(len(ids) == 1 for ids in message_ids(smtp_server).values())


def test_successor_batches_are_queued_after_the_broker_lost_its_queue(
    broker, celery_worker, smtp_server
):
    rows = subscribers(600)
    knobs = {"MAILINGS_RATE_LIMIT_PER_SECOND": 150, "MAILINGS_BATCH_SIZE": 20}
    worker = celery_worker(broker, **knobs)
    with transaction.atomic():
        mailing = announcement_queue(
            topic="newsletter", subjects=SUBJECTS, bodies=BODIES, dedupe_key="flushed"
        )
    wait_for(lambda: len(smtp_server.messages) >= 100, timeout=30, message="100 mails sent")
    # The worker stops (a batch stopped mid-send frees its unsent rows; the row being sent
    # stays "sending" until reclaimed), then the broker loses everything it held, as a
    # Redis restarted without persistence does.
    worker.stop()
    redis_lib.Redis.from_url(broker).flushdb()
    interrupted = Delivery.objects.filter(mailing=mailing, status="sending").count()
    assert interrupted <= 4
    stalled_at = len(smtp_server.messages)
    assert stalled_at < 600
    celery_worker(broker, **knobs)

    # The sweeper (every minute from beat) leaves a mailing alone while its batches may
    # still be on their way, and queues new ones once it has been quiet for a minute.
    assert deliveries_requeue() == 0
    later = max(reclaim_after(), REQUEUE_AFTER) + timedelta(seconds=1)
    with time_machine.travel(timezone.now() + later):
        assert deliveries_requeue() >= 1
    wait_until_done(mailing)
    counts = received(smtp_server)
    assert set(counts) == {row.email for row in rows}
    assert sum(count - 1 for count in counts.values()) <= interrupted
    assert all(len(ids) == 1 for ids in message_ids(smtp_server).values())
