"""The raw answers of a round for staff, as a spreadsheet: one row per submitted response.

Every cell goes through core.exports (formula-injection guard): open answers are typed by
the public. The file holds no personal data (responses hold none but an unsubmitted
response's continue address, which is never exported).
"""

from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from barometer.models import Answer, Question, Response, Survey
from core.exports import csv_bytes


def _questions(surveys: list[Survey]) -> list[Question]:
    # Background questions are answered onto the response itself (its own columns).
    return list(
        Question.objects.filter(section__survey__in=surveys, background="")
        .select_related("section__survey")
        .order_by("-section__survey__year", "section__position", "section", "position", "pk")
    )


def _cell(answer: Answer | None) -> str | int:
    if answer is None:
        return ""
    kind = answer.question.kind
    if kind == Question.Kind.SINGLE:
        return answer.choice.text if answer.choice else ""
    if kind == Question.Kind.MULTIPLE:
        return "; ".join(choice.text for choice in answer.choices.all())
    if kind == Question.Kind.NUMBER:
        return "" if answer.number is None else answer.number
    if kind == Question.Kind.LIKERT:
        return _("cannot say") if answer.likert is None else answer.likert
    return answer.text


def raw_answers_rows(*, surveys: Iterable[Survey]) -> tuple[list[str], list[list]]:
    """The header and rows of the raw answers of these rounds (submitted responses only)."""
    surveys = list(surveys)
    questions = _questions(surveys)
    header = [
        _("response"),
        _("year"),
        _("language"),
        _("organisation type"),
        _("region"),
        _("submitted"),
        *(f"{question.section.survey.year}: {question.text}" for question in questions),
    ]
    responses = (
        Response.objects.filter(survey__in=surveys, submitted_at__isnull=False)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question", "choice").prefetch_related(
                    "choices"
                ),
            )
        )
        .order_by("-survey__year", "pk")
    )
    rows = []
    for response in responses.iterator(chunk_size=500):
        answers = {answer.question_id: answer for answer in response.answers.all()}
        rows.append(
            [
                response.pk,
                response.survey.year,
                response.language,
                response.get_organisation_type_display(),
                response.get_region_display(),
                timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
                *(_cell(answers.get(question.pk)) for question in questions),
            ]
        )
    return header, rows


def raw_answers_csv(*, surveys: Iterable[Survey]) -> bytes:
    header, rows = raw_answers_rows(surveys=surveys)
    return csv_bytes(header, rows)
