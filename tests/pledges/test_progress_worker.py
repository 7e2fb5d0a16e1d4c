"""Report reminders through a real Celery worker, with the beat schedule evaluated.

The beat entry is evaluated over two simulated days (every five minutes); each time it is
due, the task goes to a real Redis broker twice (as if two beat processes ran), and a real
worker (`celery -A portal worker`, two processes) runs it against the committed test
database and mails through real SMTP. Each reminder arrives exactly once, in the
submission's language.
"""

import copy
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from pledges.models import ReportReminder
from pledges.progress import ProgressStatus
from pledges.progress_services import add_months
from pledges.tasks import progress_reminders_task
from portal.celery import app as celery_app
from tests.mailings.conftest import celery_worker, own_redis, wait_for  # noqa: F401
from tests.pledges.test_progress import reporting_pledge

pytestmark = pytest.mark.django_db(transaction=True)
HELSINKI = ZoneInfo("Europe/Helsinki")


def beat_fires(days: int) -> list[datetime]:
    """When the configured beat entry is due over `days` days from today's midnight."""
    entry = celery_app.conf.beat_schedule["pledges-progress-reminders"]
    assert entry["task"] == progress_reminders_task.name
    schedule = copy.copy(entry["schedule"])
    start = datetime.combine(timezone.localdate(), datetime.min.time(), HELSINKI)
    clock = start
    schedule.nowfun = lambda: clock
    last_run, fires = start, []
    while clock < start + timedelta(days=days):
        due, _next = schedule.is_due(last_run)
        if due:
            fires.append(clock)
            last_run = clock
        clock += timedelta(minutes=5)
    return fires


def test_beat_runs_the_reminders_once_a_day():
    fires = beat_fires(3)
    assert len(fires) == 3
    assert {(fire.hour, fire.minute) for fire in fires} == {(8, 15)}


def test_reminders_through_a_real_worker_arrive_once(own_redis, celery_worker, smtp_server):  # noqa: F811
    today = timezone.localdate()
    late = reporting_pledge(language="fi", starts=add_months(today - timedelta(days=20), -3))
    swedish = reporting_pledge(language="sv", interval=6, starts=add_months(today, -6))
    overdue = reporting_pledge(language="fi", starts=add_months(today - timedelta(days=40), -3))
    done = reporting_pledge(language="fi", starts=add_months(today - timedelta(days=20), -3))
    type(done).objects.filter(pk=done.pk).update(progress_status=ProgressStatus.COMPLETED)
    reporting_pledge(language="fi", starts=today)  # nothing due yet

    celery_worker(own_redis.url)
    for _fire in beat_fires(2):
        for _beat in range(2):  # two beat processes, or a beat restarted mid-run
            progress_reminders_task.apply_async(queue="default")
    wait_for(
        lambda: len(smtp_server.messages) >= 3,
        timeout=60,
        interval=0.2,
        message="three reminders on the wire",
    )
    time.sleep(3)  # anything sent twice would arrive by now
    assert sorted(str(m["To"]) for m in smtp_server.messages) == sorted(
        p.submission.contact_email for p in (late, swedish, overdue)
    )
    assert set(ReportReminder.objects.values_list("pledge_id", "period", "kind")) == {
        (late.pk, 1, "first"),
        (swedish.pk, 1, "first"),
        (overdue.pk, 1, "first"),
    }
    overdue.refresh_from_db()
    assert overdue.progress_status == ProgressStatus.OVERDUE
    for message in smtp_server.messages:
        language = "sv" if str(message["To"]) == swedish.submission.contact_email else "fi"
        with translation.override(language):
            assert message["Subject"] == gettext("Time to report the progress of your pledge")
        assert f"/{language}/" in message.get_body(("plain",)).get_content()
