"""Celery tasks of pledges: thin wrappers around the services, safe to run twice."""

from celery import shared_task

from pledges.progress_services import reminders_send


@shared_task
def progress_reminders_task() -> dict[str, int]:
    return reminders_send()
