"""Capacity, the waiting list, promotion, duplicates, and the race for the last place."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from events import services
from events.models import Registration
from mailings.models import Delivery
from tests.events.factories import EventFactory, RegistrationFactory


def register(event, email, **extra):
    return services.registration_create(
        event_id=event.pk, name=extra.pop("name", "Maija Meikäläinen"), email=email, **extra
    )


@pytest.mark.django_db
def test_places_then_waiting_list_in_order():
    event = EventFactory(capacity=2)
    first = register(event, "a@example.fi")
    second = register(event, "b@example.fi")
    third = register(event, "c@example.fi")
    fourth = register(event, "d@example.fi")
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    templates = dict(Delivery.objects.values_list("to_email", "template"))
    assert templates == {
        "a@example.fi": "event_confirmation",
        "b@example.fi": "event_confirmation",
        "c@example.fi": "event_waiting",
        "d@example.fi": "event_waiting",
    }


@pytest.mark.django_db
def test_unlimited_capacity_never_queues():
    event = EventFactory(capacity=None)
    statuses = {register(event, f"p{n}@example.fi").status for n in range(5)}
    assert statuses == {"confirmed"}


@pytest.mark.django_db
def test_cancelling_promotes_the_first_waiting_and_queues_a_mail():
    event = EventFactory(capacity=1)
    holder = register(event, "holder@example.fi")
    first_waiting = register(event, "first@example.fi")
    register(event, "second@example.fi")
    services.registration_cancel(registration_id=holder.pk)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "holder@example.fi": "cancelled",
        "first@example.fi": "confirmed",
        "second@example.fi": "waiting",
    }
    promotion = Delivery.objects.get(template="event_promotion")
    assert promotion.to_email == "first@example.fi"
    assert promotion.dedupe_key == f"event-promote:{first_waiting.pk}"
    # Cancelling again changes nothing and promotes nobody else.
    services.registration_cancel(registration_id=holder.pk)
    assert Registration.objects.filter(status="confirmed").count() == 1


@pytest.mark.django_db
def test_leaving_the_waiting_list_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, "holder@example.fi")
    waiting = register(event, "waiting@example.fi")
    register(event, "last@example.fi")
    services.registration_cancel(registration_id=waiting.pk)
    assert Registration.objects.get(email="last@example.fi").status == "waiting"
    assert not Delivery.objects.filter(template="event_promotion").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["maija@example.fi", "MAIJA@Example.FI", " maija@example.fi "])
def test_registering_twice_is_refused(email):
    event = EventFactory()
    register(event, "maija@example.fi")
    with pytest.raises(services.AlreadyRegistered):
        register(event, email)
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_a_cancelled_person_may_register_again():
    event = EventFactory()
    first = register(event, "maija@example.fi")
    services.registration_cancel(registration_id=first.pk)
    again = register(event, "maija@example.fi")
    assert again.status == "confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"is_cancelled": True},
        {"registration_closes_at": timezone.now() - timedelta(hours=1)},
        {"registration_opens_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_closed_registration_is_refused(fields):
    event = EventFactory(**fields)
    with pytest.raises(services.RegistrationClosed):
        register(event, "maija@example.fi")
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_raising_capacity_promotes_from_the_waiting_list():
    event = EventFactory(capacity=1)
    register(event, "holder@example.fi")
    register(event, "w1@example.fi")
    register(event, "w2@example.fi")
    event.capacity = 2
    services.event_save(event=event, changed_fields=["capacity"])
    assert Registration.objects.get(email="w1@example.fi").status == "confirmed"
    assert Registration.objects.get(email="w2@example.fi").status == "waiting"


def _race(event, emails: list[str]) -> tuple[dict[str, str], list[BaseException]]:
    """Register `emails` at the same moment, each thread on its own database connection."""
    barrier = threading.Barrier(len(emails))
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def attempt(email: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[email] = register(event, email).status
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=attempt, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place_get_one_place_and_one_queue(postgres):
    """Two real connections register at the same moment; the event row lock decides.

    Repeated a few times, since without the lock the race is lost only some of the time.
    """
    for round_number in range(5):
        event = EventFactory(capacity=2)
        RegistrationFactory(event=event, status="confirmed")
        results, errors = _race(
            event, [f"eka{round_number}@example.fi", f"toka{round_number}@example.fi"]
        )
        assert not errors, errors
        assert sorted(results.values()) == ["confirmed", "waiting"]
        assert event.registrations.filter(status="confirmed").count() == 2
        assert event.registrations.filter(status="waiting").count() == 1


@pytest.mark.django_db
def test_past_registrations_are_anonymised_after_30_days():
    now = timezone.now()
    old = EventFactory(
        starts_at=now - timedelta(days=32), ends_at=now - timedelta(days=31, hours=22)
    )
    recent = EventFactory(
        starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=5) + timedelta(hours=2)
    )
    gone = RegistrationFactory(event=old, needs="pyörätuoli")
    kept = RegistrationFactory(event=recent)
    assert services.registrations_anonymise() == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.email, gone.organisation, gone.needs) == ("", "", "", "")
    assert gone.anonymised_at is not None
    assert kept.email.endswith("@example.fi")
    assert services.registrations_anonymise() == 0
