"""The weekly summary of an open round for the Communications group: what arrives over SMTP,
to whom, and that a second run in the same week sends nothing."""

import email
import email.policy
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.contrib.auth.models import Group
from django.utils import timezone

from barometer.models import Response
from barometer.tasks import weekly_summary_task
from core.roles import COMMUNICATIONS, CURATORS
from mailings.models import Delivery
from portal.celery import app
from tests.barometer.test_models import survey_make

pytestmark = pytest.mark.django_db


def staff(django_user_model, username: str, *, group: str | None, **fields):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.fi",
        password="x",
        is_staff=fields.pop("is_staff", True),
        **fields,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(django_user_model):
    return {
        "comms": staff(django_user_model, "viestinta", group=COMMUNICATIONS),
        "comms2": staff(django_user_model, "kommunikation", group=COMMUNICATIONS),
        "gone": staff(django_user_model, "lahtenyt", group=COMMUNICATIONS, is_active=False),
        "curator": staff(django_user_model, "kuraattori", group=CURATORS),
        "plain": staff(django_user_model, "tavallinen", group=None),
    }


def respond(survey, n: int, *, days_ago: float = 1, submitted: bool = True, **fields):
    when = timezone.now() - timedelta(days=days_ago)
    for _ in range(n):
        Response.objects.create(
            survey=survey,
            language="fi",
            submitted_at=when if submitted else None,
            **fields,
        )


def text_part(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_part(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    return message.get_body(preferencelist=("html",)).get_content()


def run(capture) -> int:
    with capture(execute=True):
        return weekly_summary_task()


def test_communications_staff_get_the_counts_in_finnish_and_swedish(
    people, smtp_server, django_capture_on_commit_callbacks
):
    survey = survey_make(year=2026, introduction_fi="Kerro meille.")
    respond(survey, 6, organisation_type="municipality", region="uusimaa")
    respond(survey, 2, days_ago=10, organisation_type="association", region="lappi")
    respond(survey, 1, organisation_type="", region="")
    respond(survey, 4, submitted=False, organisation_type="company", region="uusimaa")

    assert run(django_capture_on_commit_callbacks) == 2

    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == ["kommunikation@example.fi", "viestinta@example.fi"]
    raw = smtp_server.raw[0]
    text = text_part(raw)
    # Finnish first, then Swedish: the total, the week's new ones, the groups.
    fi, sv = text.split("-" * 40)
    assert "Tähän mennessä on lähetetty 9 vastausta." in fi
    assert "Viimeisten 7 päivän aikana 7 uutta." in fi
    assert "- kunta: 6\n" in fi
    assert "- yhdistys tai järjestö: 2 (muistuta)\n" in fi
    assert "- yritys: 0 (muistuta)\n" in fi  # unsubmitted responses are not counted
    assert "- Uusimaa: 6\n" in fi
    assert "- Lappi: 2 (muistuta)\n" in fi
    assert "- ei vastattu: 1\n" in fi
    assert "Hittills har 9 svar skickats." in sv
    assert "- kommun: 6\n" in sv
    assert "(påminn)" in sv
    admin_path = f"/admin/barometer/survey/{survey.pk}/change/"
    assert admin_path in fi and admin_path in sv
    assert admin_path in html_part(raw)
    message = smtp_server.messages[0]
    assert message["Subject"] == (
        "Kumppanuusbarometri 2026: viikkokatsaus / Partnerskapsbarometern 2026: veckoöversikt"
    )


def test_a_second_run_in_the_same_week_sends_nothing(
    people, smtp_server, django_capture_on_commit_callbacks
):
    survey = survey_make(year=2026)
    respond(survey, 1, organisation_type="municipality", region="uusimaa")
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert len(smtp_server.raw) == 2
    assert Delivery.objects.filter(template="barometer_weekly_summary").count() == 2


def test_next_week_brings_a_new_summary(people, smtp_server, django_capture_on_commit_callbacks):
    from barometer.summary import weekly_summaries_queue

    survey_make(year=2026, closes_at=timezone.now() + timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        weekly_summaries_queue()
        weekly_summaries_queue(now=timezone.now() + timedelta(days=7))
    assert len(smtp_server.raw) == 4


def test_nothing_is_sent_while_no_round_is_open(
    people, smtp_server, django_capture_on_commit_callbacks
):
    now = timezone.now()
    survey_make(year=2025, opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=1))
    survey_make(year=2027, opens_at=now + timedelta(days=30), closes_at=now + timedelta(days=90))
    assert run(django_capture_on_commit_callbacks) == 0
    assert smtp_server.raw == []


def test_the_beat_runs_it_on_monday_morning_helsinki_time():
    import barometer.tasks  # noqa: F401

    assert "barometer.tasks.weekly_summary_task" in app.tasks
    schedule = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}
    entry = schedule["barometer.tasks.weekly_summary_task"]["schedule"]
    assert entry == crontab(day_of_week="mon", hour=7, minute=0)
    assert app.conf.timezone == "Europe/Helsinki"
    # Monday (Celery counts Sunday as 0) at 7.00, in the beat's time zone.
    assert entry.day_of_week == {1} and entry.hour == {7} and entry.minute == {0}
