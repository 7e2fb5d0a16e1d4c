"""The Celery application. Settings come from Django's settings with the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic jobs, each with the reason it exists.
app.conf.beat_schedule = {
    # The outbox never loses a mail: anything the broker or a worker dropped is sent again.
    "mailings-requeue-lost-deliveries": {
        "task": "mailings.tasks.deliveries_requeue_task",
        "schedule": 60.0,
        "options": {"queue": "default"},
    },
}
