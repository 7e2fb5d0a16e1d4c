"""The Celery application. Settings come from Django's settings with the CELERY_ prefix."""

import os

from celery import Celery
from celery.schedules import crontab

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
    # The search index follows every save through signals; this catches writes that send
    # none (QuerySet.update(), raw SQL) within the hour. Unchanged rows are not rewritten.
    "search-index-refresh": {
        "task": "search.tasks.index_refresh_task",
        "schedule": crontab(minute=20),
        "options": {"queue": "default"},
    },
    # Scheduled newsletters go out within a minute of their sending time.
    "mailings-dispatch-scheduled-newsletters": {
        "task": "mailings.tasks.newsletters_dispatch_task",
        "schedule": 60.0,
        "options": {"queue": "default"},
    },
    # Unconfirmed subscriptions (and their consent records) are deleted after 7 days.
    "mailings-purge-unconfirmed-subscriptions": {
        "task": "mailings.tasks.subscriptions_purge_task",
        "schedule": 3600.0,
        "options": {"queue": "default"},
    },
    # Contacts of rejected and withdrawn submissions are kept only for a while (data
    # minimisation): PRIVACY_ANONYMISE_AFTER_DAYS, default 12 months.
    "privacy-anonymise-expired-submissions": {
        "task": "privacy.tasks.submissions_anonymise_expired_task",
        "schedule": crontab(hour=3, minute=45),
        "options": {"queue": "default"},
    },
    # Participants are reminded the day before; the dedupe key makes a rerun harmless.
    "events-reminders": {
        "task": "events.tasks.reminders_queue_task",
        "schedule": crontab(minute="*/15"),
        "options": {"queue": "default"},
    },
    # Pledges' progress reports: reminders when due and after two weeks, overdue after a
    # month. Daily is enough (dates, not hours); the ReportReminder rows make reruns harmless.
    "pledges-progress-reminders": {
        "task": "pledges.tasks.progress_reminders_task",
        "schedule": crontab(hour=8, minute=15),
        "options": {"queue": "default"},
    },
    # Registrations' personal data is removed 30 days after the event (data minimisation).
    "events-anonymise": {
        "task": "events.tasks.registrations_anonymise_task",
        "schedule": crontab(hour=3, minute=30),
        "options": {"queue": "default"},
    },
    # While a barometer round is open, Communications learns on Monday morning which groups
    # to remind; the dedupe key (round, ISO week, recipient) makes a rerun harmless.
    "barometer-weekly-summary": {
        "task": "barometer.tasks.weekly_summary_task",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
        "options": {"queue": "default"},
    },
    # The open data dumps (api/dumps.py): nightly, when the site is quiet; each file is
    # replaced atomically, so a download never gets half a file.
    "api-open-data-dumps": {
        "task": "api.tasks.dumps_write_task",
        "schedule": crontab(hour=2, minute=40),
        "options": {"queue": "default"},
    },
}
