"""The Celery application. Settings come from Django's settings with the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic jobs are declared next to the code they run (see each app's tasks.py) and
# collected here; the mailing and curation issues add theirs.
app.conf.beat_schedule = {}
