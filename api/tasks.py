from celery import shared_task

from api.dumps import dumps_write


# Tens of thousands of entries take longer than the default limits of a web-side task.
@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def dumps_write_task() -> None:
    """Write the nightly open data dumps (each file replaced atomically; safe to rerun)."""
    dumps_write()
