"""The beat job: contacts of old rejected and withdrawn submissions are anonymised."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from audit.services import audit_record
from pledges.models import Entry, Partner, Submission
from pledges.services import STATUS_ACTIONS
from privacy.models import PersonalDataRequest
from privacy.services import submissions_anonymise_expired
from privacy.tasks import submissions_anonymise_expired_task
from tests.pledges.factories import InitiativeFactory, PartnerFactory, PledgeFactory

pytestmark = pytest.mark.django_db
S = Entry.Status


def _entry(status: str, *, days_ago: int, factory=PledgeFactory, **kwargs):
    """An entry that reached `status` `days_ago` days ago (with its audit event)."""
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        entry = factory(status=status, **kwargs)
        if status != S.PUBLISHED:
            _status_event(entry, S.SUBMITTED, status)
    return entry


def _status_event(entry, from_status: str, to_status: str) -> None:
    audit_record(
        action=STATUS_ACTIONS[to_status],
        obj=entry,
        before={"status": from_status},
        after={"status": to_status},
    )


def _contact(entry) -> Submission:
    return Submission.objects.get(pk=entry.submission_id)


def test_only_old_rejected_and_withdrawn_submissions_are_anonymised(settings):
    settings.PRIVACY_ANONYMISE_AFTER_DAYS = 365
    old_rejected = _entry(S.REJECTED, days_ago=400)
    old_withdrawn = _entry(S.WITHDRAWN, days_ago=400, factory=InitiativeFactory)
    partner = PartnerFactory(submission=old_rejected.submission)
    recent_rejected = _entry(S.REJECTED, days_ago=100)
    old_published = _entry(S.PUBLISHED, days_ago=400)
    # One entry of the submission is still published: the contact is still needed.
    mixed = _entry(S.REJECTED, days_ago=400)
    _entry(S.PUBLISHED, days_ago=400, submission=mixed.submission)
    # Rejected long ago but changed again recently (returned to review, rejected again).
    reconsidered = _entry(S.REJECTED, days_ago=400)
    _status_event(reconsidered, S.IN_REVIEW, S.REJECTED)

    assert submissions_anonymise_expired_task.delay().get() == 2

    for entry in (old_rejected, old_withdrawn):
        submission = _contact(entry)
        assert submission.contact_name == "" and submission.contact_phone == ""
        assert submission.contact_email.endswith("@anonymised.invalid")
    assert Partner.objects.get(pk=partner.pk).contact_email.endswith("@anonymised.invalid")
    for entry in (recent_rejected, old_published, mixed, reconsidered):
        assert _contact(entry).contact_name == "Maija Meikäläinen"
    log = PersonalDataRequest.objects.get()
    assert log.action == "personal_data_anonymised" and log.actor is None
    assert sorted(log.after["submissions"]) == sorted(
        [old_rejected.submission_id, old_withdrawn.submission_id]
    )

    # Safe to run twice: nothing more to do, no new log row.
    assert submissions_anonymise_expired_task.delay().get() == 0
    assert PersonalDataRequest.objects.count() == 1


def test_the_period_comes_from_settings(settings):
    entry = _entry(S.WITHDRAWN, days_ago=40)
    settings.PRIVACY_ANONYMISE_AFTER_DAYS = 60
    assert submissions_anonymise_expired_task() == 0
    settings.PRIVACY_ANONYMISE_AFTER_DAYS = 30
    assert submissions_anonymise_expired_task() == 1
    assert _contact(entry).contact_name == ""


def test_default_is_twelve_months(settings):
    del settings.PRIVACY_ANONYMISE_AFTER_DAYS
    entry = _entry(S.REJECTED, days_ago=300)
    assert submissions_anonymise_expired_task() == 0
    with time_machine.travel(timezone.now() + timedelta(days=70)):
        assert submissions_anonymise_expired_task() == 1
    assert _contact(entry).contact_name == ""


def test_service_takes_the_period(db):
    _entry(S.REJECTED, days_ago=10)
    assert submissions_anonymise_expired(older_than=timedelta(days=30)) == 0
    assert submissions_anonymise_expired(older_than=timedelta(days=5)) == 1


def test_the_task_is_registered_with_celery():
    from portal.celery import app

    app.loader.import_default_modules()
    assert "privacy.tasks.submissions_anonymise_expired_task" in app.tasks
