from celery import shared_task

from search.index import index_refresh


@shared_task(acks_late=True)
def index_refresh_task() -> dict[str, int]:
    return index_refresh()
