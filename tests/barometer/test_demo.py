"""The demo barometer: two rounds, the 2022 one with the real frame of seed 003."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from barometer.models import Answer, AnswerChoice, Question, Response, Survey

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", "--allow-production", stdout=StringIO())


def local_date(value) -> date:
    return timezone.localtime(value).date()


def snapshot() -> dict:
    return {
        "responses": list(
            Response.objects.order_by("pk").values_list(
                "survey__year", "language", "organisation_type", "region", "submitted_at"
            )
        ),
        "answers": list(
            Answer.objects.order_by("pk").values_list(
                "question__text_fi", "choice__text_fi", "likert", "number", "text", "moderation"
            )
        ),
        "multiple": list(AnswerChoice.objects.order_by("pk").values_list("choice__text_fi")),
        "questions": Question.objects.count(),
    }


def test_the_2022_round_has_the_seeds_frame():
    seed()
    survey = Survey.objects.select_related("report", "news_item", "event").get(year=2022)
    assert local_date(survey.opens_at) == date(2022, 11, 4)
    assert local_date(survey.closes_at) == date(2023, 2, 24)
    assert survey.title_sv == "Partnerskapsbarometern 2022"

    responses = Response.objects.filter(survey=survey, submitted_at__isnull=False)
    assert responses.count() == 375
    types = Counter(responses.values_list("organisation_type", flat=True))
    assert types["municipality"] + types["association"] > 375 / 2
    assert types.most_common(2)[0][0] == "municipality"
    uusimaa = responses.filter(region="uusimaa").count() / 375
    assert 0.28 <= uusimaa < 1 / 3  # "nearly a third"
    assert all(survey.opens_at <= r.submitted_at <= survey.closes_at for r in responses)

    assert survey.report.year == 2023 and survey.report.title_sv
    assert local_date(survey.news_item.published_fi) == date(2023, 9, 4)
    assert local_date(survey.news_item.published_sv) == date(2023, 9, 11)
    starts = timezone.localtime(survey.event.starts_at)
    assert (starts.date(), starts.hour, timezone.localtime(survey.event.ends_at).hour) == (
        date(2023, 9, 15),
        9,
        10,
    )
    assert survey.event.title_fi.startswith("Toiminta tutuksi")
    assert survey.event.title_sv.startswith("Lär känna verksamheten")


def test_the_rounds_are_comparable_and_cover_every_kind_of_question():
    seed()
    earlier = Survey.objects.get(year=2020)
    assert 200 <= earlier.responses.count() <= 300
    questions = Question.objects.filter(section__survey__year=2022)
    assert {q.kind for q in questions} == set(Question.Kind)
    assert {q.background for q in questions if q.background} == {"organisation_type", "region"}
    assert len(questions) >= 10 and questions.filter(kind=Question.Kind.LIKERT).count() >= 3
    linked = questions.filter(same_as__isnull=False)
    assert linked.count() >= len(questions) - 1
    assert all(q.same_as.section.survey == earlier for q in linked)
    for question in questions:
        assert question.text_fi and question.text_sv and question.text_fi != question.text_sv

    texts = Answer.objects.filter(question__kind=Question.Kind.TEXT, response__survey__year=2022)
    moderation = Counter(texts.values_list("moderation", flat=True))
    assert moderation["approved"] >= 3 and moderation["pending"] >= 3
    # "Cannot say" is a scale answer without a value; it exists and never breaks the 1–5 range.
    likert = Answer.objects.filter(question__kind=Question.Kind.LIKERT)
    assert likert.filter(likert__isnull=True).exists()
    assert set(likert.exclude(likert__isnull=True).values_list("likert", flat=True)) <= {
        1,
        2,
        3,
        4,
        5,
    }


def test_seeding_twice_changes_nothing_and_the_answers_are_deterministic():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
    # The same on every machine: regenerated from the fixed seed after a reset.
    Survey.objects.all().delete()
    seed()
    again = snapshot()
    assert [row[1:4] for row in again["responses"]] == [row[1:4] for row in first["responses"]]
    assert again["answers"] == first["answers"]
    assert again["multiple"] == first["multiple"] and first["multiple"]


def test_this_years_round_is_open_and_comparable_with_2022(client):
    seed()
    now = timezone.now()
    survey = Survey.objects.get(year=timezone.localtime(now).year)
    assert survey.is_open(now)
    assert timedelta(days=13) < now - survey.opens_at <= timedelta(days=14, minutes=1)
    assert timedelta(days=50) < survey.closes_at - now <= timedelta(days=61)
    assert survey.title_fi and survey.title_sv and survey.title_fi != survey.title_sv
    questions = Question.objects.filter(section__survey=survey)
    assert questions.count() == Question.objects.filter(section__survey__year=2022).count()
    assert all(q.same_as.section.survey.year == 2022 for q in questions)
    assert all(q.text_fi and q.text_sv for q in questions)
    responses = survey.responses.all()
    assert 20 <= responses.count() <= 60
    assert all(survey.opens_at <= r.submitted_at <= now for r in responses)
    # Nothing of a round still open has been moderated yet.
    texts = Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.TEXT)
    assert texts.exists() and set(texts.values_list("moderation", flat=True)) == {"pending"}
    # `make run` shows its form.
    for path, title in (("/fi/barometri/", survey.title_fi), ("/sv/barometer/", survey.title_sv)):
        page = client.get(path)
        assert page.status_code == 200
        assert f"<h1>{title}</h1>" in page.content.decode()
