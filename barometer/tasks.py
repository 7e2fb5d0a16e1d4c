"""Celery tasks of the barometer: thin wrappers around its services."""

from celery import shared_task

from barometer.summary import weekly_summaries_queue


@shared_task(name="barometer.tasks.weekly_summary_task", acks_late=True)
def weekly_summary_task() -> int:
    """Mondays: the open rounds' summaries to the Communications group (deduplicated)."""
    return weekly_summaries_queue()
