"""Mails really sent over SMTP: confirmation with .ics, promotion, reminders, change notices."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from events import services
from events.models import Event, Registration
from mailings.models import Delivery
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def ics_of(message) -> Calendar:
    parts = [part for part in message.iter_attachments() if part.get_filename() == "event.ics"]
    assert len(parts) == 1
    assert parts[0].get_content_type() == "text/calendar"
    return Calendar.from_ical(parts[0].get_content())


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def cancel_path(message) -> str:
    """The cancel link of the mail's text part, as a path."""
    links = re.findall(r"http://testserver(/(?:fi|sv)/\S+/)", text_of(message))
    return next(link for link in links if "/avboka/" in link or "/peru/" in link)


def test_full_flow_in_swedish(client, smtp_server, django_capture_on_commit_callbacks):
    """A Swedish speaker finds the event, registers, gets a Swedish confirmation with a
    working calendar file, cancels by the link, and the next in line gets the place."""
    event = EventFactory(
        capacity=1,
        online_url="https://meet.example.fi/hemlig",
        online_url_private=True,
        title_sv="Webbinarium om integration",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event_id=event.pk, name="Matti", email="matti@example.fi", language="fi"
        )
    with translation.override("sv"):
        list_path = reverse("events:list")
        register_path = reverse("events:register", kwargs={"pk": event.pk})
    page = client.get(list_path)
    assert "Webbinarium om integration" in page.content.decode()
    detail = client.get(_sv_url(event))
    assert detail.status_code == 200
    assert "meet.example.fi/hemlig" not in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_path,
            {"name": "Sara Exempel", "email": "sara@example.fi", "language": "sv", "needs": ""},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "Du står i kö" in done.content.decode()
    # Sara is on the waiting list; Matti cancels and Sara gets the place.
    smtp_server.messages.clear()
    matti = Registration.objects.get(email="matti@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration_id=matti.pk)
    receipt, promotion = sorted(smtp_server.messages, key=lambda m: m["To"])
    assert receipt["To"] == "matti@example.fi"
    assert promotion["To"] == "sara@example.fi"
    assert promotion["Content-Language"] == "sv"
    assert "Du fick en plats" in str(promotion["Subject"])
    calendar = ics_of(promotion)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Webbinarium om integration"
    assert "meet.example.fi/hemlig" in str(vevent["LOCATION"])
    assert "meet.example.fi/hemlig" in text_of(promotion)
    # Sara cancels through the link in her mail; GET asks, POST cancels.
    link = cancel_path(promotion)
    assert link.startswith("/sv/")
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "Ja, avboka min anmälan" in confirm.content.decode()
    assert Registration.objects.get(email="sara@example.fi").status == "confirmed"
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(link)
    assert "Anmälan avbokad" in cancelled.content.decode()
    assert Registration.objects.get(email="sara@example.fi").status == "cancelled"
    # The receipt of the cancellation, in Swedish, with nothing to add to a calendar.
    (receipt,) = smtp_server.messages
    assert receipt["To"] == "sara@example.fi"
    assert receipt["Subject"] == "Anmälan avbokad: Webbinarium om integration"
    assert "Anmälan till evenemanget nedan har avbokats." in text_of(receipt)
    assert not list(receipt.iter_attachments())
    assert b"BEGIN:VCALENDAR" not in smtp_server.raw[-1]


def _sv_url(event: Event) -> str:
    with translation.override("sv"):
        return event.get_absolute_url()


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [("fi", "Ilmoittautuminen vahvistettu", "Hei Sara"), ("sv", "Anmälan bekräftad", "Hej Sara")],
)
def test_confirmation_in_the_participants_language_with_its_ics(
    smtp_server, django_capture_on_commit_callbacks, language, subject, greeting
):
    event = EventFactory(online_url="https://meet.example.fi/abc", online_url_private=True)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event_id=event.pk, name="Sara", email="sara@example.fi", language=language
        )
    (message,) = smtp_server.messages
    assert subject in str(message["Subject"])
    assert greeting in text_of(message)
    assert "https://meet.example.fi/abc" in text_of(message)
    (vevent,) = ics_of(message).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == getattr(event, f"title_{language}")
    assert vevent["DTSTART"].dt == event.starts_at.replace(microsecond=0)
    assert str(vevent["DTSTART"].dt.tzinfo) == "Europe/Helsinki"
    delivery = Delivery.objects.get()
    assert delivery.dedupe_key == f"event-confirm:{registration.pk}"


def test_reminders_the_day_before_once(smtp_server, django_capture_on_commit_callbacks):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    services.registration_create(event_id=event.pk, name="A", email="a@example.fi", language="sv")
    smtp_server.messages.clear()
    with (
        time_machine.travel(start - timedelta(hours=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.reminders_queue() == 0
    with (
        time_machine.travel(start - timedelta(hours=23), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.reminders_queue() == 1
        assert services.reminders_queue() == 0
    (reminder,) = smtp_server.messages
    assert "Påminnelse" in str(reminder["Subject"])
    ics_of(reminder)


def test_waiting_people_get_no_reminder(smtp_server, django_capture_on_commit_callbacks):
    start = timezone.now() + timedelta(hours=30)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1), capacity=1)
    services.registration_create(event_id=event.pk, name="A", email="a@example.fi")
    services.registration_create(event_id=event.pk, name="B", email="b@example.fi")
    with time_machine.travel(start - timedelta(hours=2), tick=False):
        assert services.reminders_queue() == 1
    assert Delivery.objects.filter(template="event_reminder").get().to_email == "a@example.fi"


def test_time_change_notifies_everyone_registered(smtp_server, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    services.registration_create(event_id=event.pk, name="A", email="a@example.fi", language="fi")
    services.registration_create(event_id=event.pk, name="B", email="b@example.fi", language="sv")
    smtp_server.messages.clear()
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event, changed_fields=["starts_at", "ends_at"])
    event.refresh_from_db()
    assert event.version == 1
    subjects = {str(m["To"]): str(m["Subject"]) for m in smtp_server.messages}
    assert "Muutos" in subjects["a@example.fi"]
    assert "Ändrat" in subjects["b@example.fi"]
    (vevent,) = ics_of(smtp_server.messages[0]).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1
    # A change of the description alone is not news to participants.
    smtp_server.messages.clear()
    event.description_fi = "Uusi kuvaus"
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event, changed_fields=["description_fi"])
    assert smtp_server.messages == []


def test_cancelling_the_event_tells_everyone(smtp_server, django_capture_on_commit_callbacks):
    event = EventFactory()
    services.registration_create(event_id=event.pk, name="A", email="a@example.fi", language="sv")
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event_id=event.pk)
        services.event_cancel(event_id=event.pk)
    (notice,) = smtp_server.messages
    assert "Inställt" in str(notice["Subject"])
    (vevent,) = ics_of(notice).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_a_moved_event_is_reminded_of_again(smtp_server):
    start = timezone.now().replace(microsecond=0) + timedelta(hours=10)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    services.registration_create(event_id=event.pk, name="A", email="a@example.fi")
    assert services.reminders_queue() == 1
    event.starts_at += timedelta(days=2)
    event.ends_at += timedelta(days=2)
    services.event_save(event=event, changed_fields=["starts_at", "ends_at"])
    assert services.reminders_queue() == 0
    with time_machine.travel(event.starts_at - timedelta(hours=3), tick=False):
        assert services.reminders_queue() == 1
    assert Delivery.objects.filter(template="event_reminder").count() == 2


def test_the_done_page_link_expires_after_a_day(client):
    event = EventFactory()
    registration = services.registration_create(
        event_id=event.pk, name="Sara", email="sara@example.fi"
    )
    with translation.override("sv"):
        link = reverse("events:registered", kwargs={"token": services.done_token(registration)})
    assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = client.get(link)
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()


def test_only_a_confirmed_place_gets_a_calendar_booking(
    smtp_server, django_capture_on_commit_callbacks
):
    """The waiting list gets no .ics (it would book the event in the calendar as
    CONFIRMED); the place, and a promotion from the waiting list, do."""
    event = EventFactory(
        capacity=1, online_url="https://meet.example.fi/x", online_url_private=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        holder = services.registration_create(
            event_id=event.pk, name="Aino", email="aino@example.fi", language="fi"
        )
        services.registration_create(
            event_id=event.pk, name="Bo", email="bo@example.fi", language="sv"
        )
    raw = dict(zip([m["To"] for m in smtp_server.messages], smtp_server.raw, strict=True))
    mails = {m["To"]: m for m in smtp_server.messages}
    (vevent,) = ics_of(mails["aino@example.fi"]).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    waiting = mails["bo@example.fi"]
    assert "Du står i kö" in str(waiting["Subject"]) or "kö" in text_of(waiting)
    assert not list(waiting.iter_attachments())
    assert b"text/calendar" not in raw["bo@example.fi"]
    assert b"BEGIN:VCALENDAR" not in raw["bo@example.fi"]
    # Nor does the waiting list get the private online link (it is a place at the event).
    assert "meet.example.fi/x" not in text_of(waiting)

    # A change notice: the participant's calendar is updated, the waiting list's is not.
    smtp_server.messages.clear()
    smtp_server.raw.clear()
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(event=event, changed_fields=["starts_at", "ends_at"])
    mails = {m["To"]: m for m in smtp_server.messages}
    ics_of(mails["aino@example.fi"])
    assert not list(mails["bo@example.fi"].iter_attachments())
    assert "Du står fortfarande i kö" in text_of(mails["bo@example.fi"])

    # Aino cancels: a receipt in Finnish without .ics; Bo is promoted and gets the .ics.
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration_id=holder.pk)
    mails = {m["To"]: m for m in smtp_server.messages}
    assert mails["aino@example.fi"]["Subject"].startswith("Ilmoittautuminen peruttu: ")
    assert mails["aino@example.fi"]["Content-Language"] == "fi"
    assert not list(mails["aino@example.fi"].iter_attachments())
    (vevent,) = ics_of(mails["bo@example.fi"]).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "meet.example.fi/x" in text_of(mails["bo@example.fi"])


def test_cancelling_twice_sends_one_receipt(smtp_server, django_capture_on_commit_callbacks):
    event = EventFactory()
    registration = services.registration_create(
        event_id=event.pk, name="A", email="a@example.fi", language="sv"
    )
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration_id=registration.pk)
        services.registration_cancel(registration_id=registration.pk)
    (receipt,) = smtp_server.messages
    assert receipt["Subject"].startswith("Anmälan avbokad: ")


def test_demo_queue_is_in_the_past_so_a_new_registrant_queues_behind_it(
    smtp_server, django_capture_on_commit_callbacks
):
    from events import demo

    demo.seed()
    workshop = Event.objects.get(slug_fi="tyopaja-rekrytointi-vaasa")
    queue = list(workshop.registrations.order_by("created_at", "pk"))
    assert all(r.created_at < timezone.now() for r in queue)
    assert [r.email for r in queue][-1] == "leila.malli@example.fi"
    newcomer = services.registration_create(
        event_id=workshop.pk, name="Uusi", email="uusi@example.fi", language="fi"
    )
    assert newcomer.status == Registration.Status.WAITING
    aino = workshop.registrations.get(email="aino.esimerkki@example.fi")
    services.registration_cancel(registration_id=aino.pk)
    statuses = dict(workshop.registrations.values_list("email", "status"))
    assert statuses["leila.malli@example.fi"] == Registration.Status.CONFIRMED
    assert statuses["uusi@example.fi"] == Registration.Status.WAITING
