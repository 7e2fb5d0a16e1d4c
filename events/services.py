"""Writes of events: registration, waiting list, cancellation, notices, reminders, clean-up."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.localized import localized
from core.signing import BadToken, SignedLink
from events import selectors
from events.ics import event_ics
from events.models import Event, Registration
from mailings.models import Mailing, Topic
from mailings.services import announcement_queue, transactional_mail_queue

# Private links (core.signing). The page shown after registering names the person: its
# link works for a day only.
DONE_LINK = SignedLink("events.registration.done", max_age=timedelta(days=1))
# A cancel link works until the event has started; the signature has no expiry of its own.
CANCEL_LINK = SignedLink("events.registration.cancel")
ANONYMISE_AFTER = timedelta(days=30)
REMIND_BEFORE = timedelta(hours=24)
# Changes to these fields are announced to everyone registered.
NOTIFIED_FIELDS = frozenset(
    {"starts_at", "ends_at", "place_fi", "place_sv", "address_fi", "address_sv", "online_url"}
)


class RegistrationError(Exception):
    """A registration that cannot be accepted; the message is shown to the person."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    pass


class CancellationClosed(RegistrationError):
    """The event has started: its registrations can no longer be cancelled."""


def cancellation_open(event: Event) -> bool:
    """Whether registrations of `event` may still be cancelled (until it starts)."""
    return event.starts_at > timezone.now()


# ---------------------------------------------------------------------------------------
# Links and mail context
# ---------------------------------------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    return CANCEL_LINK.make(registration.pk)


def done_token(registration: Registration) -> str:
    return DONE_LINK.make(registration.pk)


def registration_from_token(token: str, *, link: SignedLink) -> Registration | None:
    """The registration a signed link points to, or None if tampered, expired or gone."""
    try:
        pk = link.read(token)
    except BadToken:
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def _when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    # One sentence per shape, so each language writes "klo 13.00" / "kl. 13.00" its own way.
    if start.date() == end.date():
        return _("%(date)s at %(start)s–%(end)s") % {
            "date": formats.date_format(start, "DATE_FORMAT"),
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        }
    return _("%(start_date)s at %(start)s – %(end_date)s at %(end)s") % {
        "start_date": formats.date_format(start, "DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end_date": formats.date_format(end, "DATE_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
    }


def _mail_context(registration: Registration) -> dict:
    """JSON-safe context for event mails, in the registrant's language."""
    event = registration.event
    with translation.override(registration.language):
        return {
            "name": registration.name,
            "status": registration.status,
            "event_id": event.pk,
            "event_title": localized(event, "title").text,
            "event_when": _when(event),
            "event_place": localized(event, "place").text,
            "event_address": localized(event, "address").text,
            # A private link is a place at the event: only for those who hold one.
            "event_online_url": event.online_url
            if registration.status == Registration.Status.CONFIRMED
            else event.public_online_url,
            "event_organiser": localized(event, "organiser").text,
            "event_cancelled": event.is_cancelled,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "cancel_url": settings.SITE_URL
            + reverse("events:cancel", kwargs={"token": cancel_token(registration)}),
        }


def _queue_mail(registration: Registration, *, template: str, dedupe_key: str) -> None:
    attachments = []
    # The .ics books the event in the recipient's calendar (STATUS:CONFIRMED), so only a
    # confirmed place gets it: never the waiting list, nor a cancelled registration. The
    # notice of a cancelled event carries one with STATUS:CANCELLED to clear the booking.
    holds_place = registration.status == Registration.Status.CONFIRMED
    if holds_place and (not registration.event.is_cancelled or template == "event_change"):
        attachments.append(
            {
                "filename": "event.ics",
                "content": event_ics(
                    registration.event, language=registration.language, include_private=True
                ),
                "mimetype": "text/calendar",
            }
        )
    transactional_mail_queue(
        to=registration.email,
        template=template,
        context=_mail_context(registration),
        language=registration.language,
        attachments=attachments,
        dedupe_key=dedupe_key,
    )


# ---------------------------------------------------------------------------------------
# Registration and the waiting list
# ---------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def registration_create(
    *,
    event_id: int,
    name: str,
    email: str,
    organisation: str = "",
    language: str = "fi",
    needs: str = "",
) -> Registration:
    """Register a person: a confirmed place if one is free, else the waiting list.

    The event row is locked while places are counted, so two people taking the last place
    at once get one place and one waiting-list entry. Side effects: one Registration row;
    a confirmation mail with the event's .ics (a waiting-list mail without), queued after
    commit.
    Raises RegistrationClosed or AlreadyRegistered.
    """
    event = Event.objects.select_for_update().get(pk=event_id)
    if not event.registration_is_open():
        raise RegistrationClosed(event)
    email = email.strip()
    active = event.registrations.filter(status__in=Registration.ACTIVE, anonymised_at=None)
    if active.annotate(email_lower=Lower("email")).filter(email_lower=email.lower()).exists():
        raise AlreadyRegistered(event)
    full = selectors.event_free_places(event) == 0
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        organisation=organisation.strip(),
        language=language,
        needs=needs.strip(),
        status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the unique constraint, if a check above was bypassed
        raise AlreadyRegistered(event) from exc
    if full:
        _queue_mail(
            registration, template="event_waiting", dedupe_key=f"event-wait:{registration.pk}"
        )
    else:
        _queue_mail(
            registration,
            template="event_confirmation",
            dedupe_key=f"event-confirm:{registration.pk}",
        )
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Fill free places from the waiting list, first come first served (event row locked)."""
    promoted = []
    free = selectors.event_free_places(event)
    waiting = (
        event.registrations.select_for_update()
        .filter(status=Registration.Status.WAITING)
        .order_by("created_at", "pk")
    )
    if free is not None:
        waiting = waiting[: max(free, 0)]
    now = timezone.now()
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _queue_mail(
            registration, template="event_promotion", dedupe_key=f"event-promote:{registration.pk}"
        )
        promoted.append(registration)
    return promoted


@transaction.atomic(durable=True)
def registration_cancel(*, registration_id: int) -> Registration:
    """Cancel a registration (participant's link or staff).

    Side effects: the row becomes cancelled and a receipt (no .ics) is queued to the
    person in their language; if it held a place, the first person on the waiting list
    gets it and a promotion mail is queued after commit. Cancelling twice does nothing more.
    Raises CancellationClosed, changing nothing, once the event has started.
    """
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = Event.objects.select_for_update().get(pk=event_id)
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if not registration.is_active:
        return registration
    if not cancellation_open(event):
        raise CancellationClosed(
            _("The event has already started, so the registration can no longer be cancelled.")
        )
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if registration.email:  # an anonymised row has no one to tell
        _queue_mail(
            registration,
            template="event_cancellation",
            dedupe_key=f"event-cancel:{registration.pk}",
        )
    if not event.is_cancelled and event.starts_at > timezone.now():
        _promote_waiting(event)
    return registration


# ---------------------------------------------------------------------------------------
# Staff changes
# ---------------------------------------------------------------------------------------


def _notify_registrants(event: Event) -> int:
    registrations = event.registrations.filter(
        status__in=Registration.ACTIVE, anonymised_at=None
    ).select_related("event")
    count = 0
    for registration in registrations:
        registration.event = event
        _queue_mail(
            registration,
            template="event_change",
            dedupe_key=f"event-change:{registration.pk}:{event.version}",
        )
        count += 1
    return count


@transaction.atomic
def event_save(*, event: Event, changed_fields: Iterable[str] = ()) -> Event:
    """Save an event edited by staff.

    Side effects: if the time or place of an event with registrations changed, its version
    goes up and every active registrant gets a change notice (with the new .ics) after
    commit; if the capacity grew, people on the waiting list get the free places.
    Not durable: the admin's save_model runs it inside the change form's transaction.
    """
    changed = set(changed_fields)
    is_new = event.pk is None
    if not is_new and changed & NOTIFIED_FIELDS:
        event.version += 1
    event.save()
    if is_new:
        return event
    if changed & {"starts_at", "ends_at"}:
        # A moved event is reminded of again, the day before its new time.
        event.registrations.update(reminded_at=None)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if changed & NOTIFIED_FIELDS and not locked.is_cancelled:
        _notify_registrants(locked)
    if "capacity" in changed and not locked.is_cancelled and locked.starts_at > timezone.now():
        _promote_waiting(locked)
    return event


@transaction.atomic(durable=True)
def event_cancel(*, event_id: int) -> Event:
    """Cancel an event. Side effects: marked cancelled, version raised, every active
    registrant gets a cancellation notice after commit. Cancelling twice does nothing."""
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.is_cancelled:
        return event
    event.is_cancelled = True
    event.version += 1
    event.save(update_fields=["is_cancelled", "version", "updated_at"])
    _notify_registrants(event)
    return event


class NotAnnounceable(Exception):
    """Only published, upcoming events that are not cancelled are announced."""


def _markdown_escape(text: str) -> str:
    # Only what would change the text's meaning; the plain-text part stays readable.
    return "".join("\\" + char if char in "\\`*_[]<>#" else char for char in text)


@transaction.atomic(durable=True)
def event_announce(*, event_id: int) -> Mailing:
    """Announce an event to the newsletter subscribers of the "events" topic.

    Side effects: one announcement mailing (fi and sv editions), fanned out to subscribers
    after commit by the mailings machinery. Announcing twice sends nothing more (dedupe key).
    Raises NotAnnounceable for unpublished, past or cancelled events.
    """
    event = Event.objects.get(pk=event_id)
    if not event.is_published or event.is_cancelled or event.starts_at <= timezone.now():
        raise NotAnnounceable(event)
    subjects, bodies = {}, {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            title = localized(event, "title").text
            place = ", ".join(
                part
                for part in (localized(event, "place").text, localized(event, "address").text)
                if part
            )
            if event.online_url:
                place = ", ".join(part for part in (place, _("Online")) if part)
            lines = [
                f"## {_markdown_escape(title)}",
                "",
                f"**{_('Time')}:** {_markdown_escape(_when(event))} ({_('Finnish time')})  ",
            ]
            if place:
                lines.append(f"**{_('Place')}:** {_markdown_escape(place)}  ")
            lines += [
                f"**{_('Organiser')}:** {_markdown_escape(localized(event, 'organiser').text)}",
                "",
                _markdown_escape(localized(event, "description").text),
                "",
                f"[{_('Read more and register')}]({settings.SITE_URL}{event.get_absolute_url()})",
            ]
            subjects[code] = _("New event: %(title)s") % {"title": title}
            bodies[code] = "\n".join(lines)
    return announcement_queue(
        topic=Topic.EVENTS,
        subjects=subjects,
        bodies=bodies,
        dedupe_key=f"event-announce:{event.pk}",
    )


# ---------------------------------------------------------------------------------------
# Periodic jobs
# ---------------------------------------------------------------------------------------


def reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the reminder for confirmed participants of events starting within 24 hours.

    Side effects: a reminder mail per participant (deduplicated, so running twice is safe),
    reminded_at set. Returns how many were queued.
    """
    now = now or timezone.now()
    events = Event.objects.filter(
        is_published=True,
        is_cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    ).values_list("pk", flat=True)
    count = 0
    for event_id in events:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            registrations = event.registrations.select_for_update().filter(
                status=Registration.Status.CONFIRMED, reminded_at=None, anonymised_at=None
            )
            for registration in registrations:
                registration.event = event
                _queue_mail(
                    registration,
                    template="event_reminder",
                    dedupe_key=f"event-reminder:{registration.pk}:{event.version}",
                )
                registration.reminded_at = now
                registration.save(update_fields=["reminded_at"])
                count += 1
    return count


@transaction.atomic(durable=True)
def registrations_anonymise(*, now: datetime | None = None) -> int:
    """Remove personal data of registrations to events that ended over 30 days ago.

    Side effects: name, email, organisation and needs emptied, anonymised_at set; the rows
    stay for statistics. Returns how many were anonymised.
    """
    now = now or timezone.now()
    return Registration.objects.filter(
        event__ends_at__lt=now - ANONYMISE_AFTER, anonymised_at=None
    ).update(name="", email="", organisation="", needs="", anonymised_at=now)
