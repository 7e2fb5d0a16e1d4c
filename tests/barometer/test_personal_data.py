"""The continue link's address: found, exported and erased through the privacy services, and
anonymised once it is no longer needed; the answers stay, anonymous."""

from datetime import timedelta

import pytest
from django.utils import timezone

from barometer.models import Answer, Response
from barometer.services import BackgroundValues, response_save_draft
from privacy.selectors import personal_data_find
from privacy.services import (
    personal_data_anonymise_expired,
    personal_data_erase,
    personal_data_export,
)
from tests.barometer.factories import open_survey

pytestmark = pytest.mark.django_db

ADDRESS = "Vastaaja@Example.fi"


@pytest.fixture
def survey():
    return open_survey()


def saved_response(survey, email: str = ADDRESS, **fields) -> Response:
    from barometer.services import AnswerValue

    response = response_save_draft(
        survey=survey,
        response=None,
        language="fi",
        background=BackgroundValues(organisation_type="association", region="uusimaa"),
        answers=[
            AnswerValue(question=survey.q["events"], number=4),
            AnswerValue(question=survey.q["develop"], text="Enemmän tapaamisia."),
        ],
    )
    Response.objects.filter(pk=response.pk).update(continue_email=email, **fields)
    return Response.objects.get(pk=response.pk)


def test_the_address_is_found_case_insensitively_and_exported_with_the_answers(survey):
    response = saved_response(survey)
    saved_response(survey, email="toinen@example.fi")
    found = personal_data_find(email="vastaaja@EXAMPLE.fi")
    rows = {source.key: list(rows) for source, rows in found}
    assert rows["barometer_responses"] == [response]

    export = personal_data_export(email=" vastaaja@example.FI ")
    (exported,) = export["barometer_responses"]
    assert exported["id"] == response.pk
    assert exported["year"] == 2026
    assert exported["continue_email"] == ADDRESS
    assert exported["started_at"] and exported["submitted_at"] is None
    answers = {a["question"]["fi"]: a for a in exported["answers"]}
    assert answers["Moneenko tilaisuuteen osallistuit?"]["number"] == 4
    assert answers["Miten ohjelmaa pitäisi kehittää?"]["text"] == "Enemmän tapaamisia."


def test_erasure_clears_the_address_and_keeps_the_answers(survey):
    response = saved_response(survey)
    other = saved_response(survey, email="toinen@example.fi")
    summary = personal_data_erase(email=ADDRESS.upper(), user=None)
    assert summary["barometer_responses"] == [response.pk]
    response.refresh_from_db()
    assert response.continue_email == ""
    assert Answer.objects.filter(response=response).count() == 2
    other.refresh_from_db()
    assert other.continue_email == "toinen@example.fi"
    assert personal_data_export(email=ADDRESS)["barometer_responses"] == []


def test_addresses_expire_when_sent_or_when_the_round_closed(survey):
    waiting = saved_response(survey)
    sent = saved_response(survey, email="sent@example.fi", submitted_at=timezone.now())
    older = open_survey(year=2025, opens_days_ago=14, closes_in_days=60)
    closed = saved_response(older, email="closed@example.fi")
    older.closes_at = timezone.now() - timedelta(days=40)
    older.opens_at = older.closes_at - timedelta(days=60)
    older.save()

    assert personal_data_anonymise_expired(older_than=timedelta(days=30)) == 2
    for row in (waiting, sent, closed):
        row.refresh_from_db()
    assert waiting.continue_email == ADDRESS  # still needed for the open round
    assert sent.continue_email == "" and closed.continue_email == ""
    assert Answer.objects.filter(response=closed).count() == 2
    # Safe to run twice.
    assert personal_data_anonymise_expired(older_than=timedelta(days=30)) == 0
