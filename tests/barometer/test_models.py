"""The barometer's data model: the database refuses answers that would corrupt the results."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils import timezone

from barometer.models import Answer, AnswerChoice, Choice, Question, Response, Section, Survey

pytestmark = pytest.mark.django_db


def survey_make(*, year: int = 2022, **fields) -> Survey:
    now = timezone.now()
    return Survey.objects.create(
        year=year,
        title_fi=f"Kumppanuusbarometri {year}",
        title_sv=f"Partnerskapsbarometern {year}",
        opens_at=fields.pop("opens_at", now - timedelta(days=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        **fields,
    )


def question_make(survey: Survey, *, kind: str = Question.Kind.SINGLE, **fields) -> Question:
    section = survey.sections.first() or Section.objects.create(
        survey=survey, position=1, title_fi="Yhteistyö", title_sv="Samarbetet"
    )
    question = Question.objects.create(
        section=section,
        position=fields.pop("position", 1),
        kind=kind,
        text_fi=fields.pop("text_fi", "Kuinka usein?"),
        text_sv=fields.pop("text_sv", "Hur ofta?"),
        **fields,
    )
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and not question.background:
        for position, (fi, sv) in enumerate([("Usein", "Ofta"), ("Harvoin", "Sällan")], 1):
            Choice.objects.create(question=question, position=position, text_fi=fi, text_sv=sv)
    return question


def answered(question: Question, **values) -> Answer:
    response = Response.objects.create(
        survey=question.section.survey,
        language="fi",
        organisation_type="municipality",
        region="uusimaa",
        submitted_at=timezone.now(),
    )
    if question.kind == Question.Kind.SINGLE and "choice" not in values:
        values["choice"] = question.choices.first()
    return Answer.objects.create(response=response, question=question, **values)


def test_one_answer_per_question_per_response():
    question = question_make(survey_make())
    answer = answered(question)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=answer.response, question=question)


@pytest.mark.parametrize("value", [0, 6])
def test_a_scale_answer_is_from_1_to_5(value):
    question = question_make(survey_make(), kind=Question.Kind.LIKERT)
    with pytest.raises(IntegrityError), transaction.atomic():
        answered(question, likert=value)


def test_cannot_say_is_a_scale_answer_without_a_value():
    question = question_make(survey_make(), kind=Question.Kind.LIKERT)
    answered(question, likert=None)
    answered(question, likert=5)
    assert sorted(question.answers.values_list("likert", flat=True), key=str) == [5, None]


def test_the_year_has_one_round_and_a_round_closes_after_it_opens():
    survey_make(year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        survey_make(year=2022)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        survey_make(year=2024, opens_at=now, closes_at=now)


def test_a_background_question_is_single_choice():
    survey = survey_make()
    with pytest.raises(IntegrityError), transaction.atomic():
        question_make(survey, kind=Question.Kind.MULTIPLE, background=Question.Background.REGION)


def test_an_answered_question_or_choice_cannot_be_deleted_but_the_whole_round_can():
    survey = survey_make()
    question = question_make(survey)
    answer = answered(question)
    with pytest.raises(RestrictedError):
        answer.choice.delete()
    with pytest.raises(RestrictedError):
        question.delete()
    with pytest.raises(RestrictedError):
        question.section.delete()
    survey.delete()
    assert not Answer.objects.exists()


def test_a_choice_picked_in_a_multiple_choice_answer_cannot_be_deleted():
    question = question_make(survey_make(), kind=Question.Kind.MULTIPLE)
    answer = answered(question)
    picked = question.choices.first()
    answer.choices.add(picked)
    with pytest.raises(RestrictedError):
        picked.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerChoice.objects.create(answer=answer, choice=picked)


def test_is_open_during_the_answering_period_only():
    survey = survey_make()
    assert survey.is_open()
    assert not survey.is_open(survey.opens_at - timedelta(seconds=1))
    assert survey.is_open(survey.opens_at)
    assert not survey.is_open(survey.closes_at)


def test_same_as_links_a_question_to_the_earlier_round():
    earlier = question_make(survey_make(year=2020))
    later = question_make(survey_make(year=2022), same_as=earlier)
    assert list(earlier.later_versions.all()) == [later]
