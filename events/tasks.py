from celery import shared_task

from events.services import registrations_anonymise, reminders_queue


@shared_task(name="events.tasks.reminders_queue_task", acks_late=True)
def reminders_queue_task() -> int:
    """Every 15 minutes: reminders for events starting within 24 hours (deduplicated)."""
    return reminders_queue()


@shared_task(name="events.tasks.registrations_anonymise_task", acks_late=True)
def registrations_anonymise_task() -> int:
    """Daily: personal data of registrations to events that ended over 30 days ago."""
    return registrations_anonymise()
