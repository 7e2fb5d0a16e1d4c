"""Writes of the barometer: the guards that keep answered questions intact, and moderation.

A survey that has answers can no longer have its questions changed in ways that break the
answers: an answered question keeps its kind, its background key and its choices (a choice
can be reworded, not added or removed), and neither it nor its section can be deleted. Texts
may still be corrected. The admin asks these functions; Answer's RESTRICT foreign keys refuse
a deletion in the database as well.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record
from barometer.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Response,
    Section,
    Survey,
)
from core.content_versions import bump_models
from core.signing import SignedLink
from mailings.models import Delivery
from mailings.rendering import absolute_url
from mailings.services import transactional_mail_queue

# The link to a saved, unfinished response. A round takes answers for a few months at most.
CONTINUE_LINK = SignedLink("barometer.continue", max_age=timedelta(days=180))
CONTINUE_MAIL_TEMPLATE = "barometer_continue"
# Continue mails per response, and per recipient address a day (whoever asks for them).
MAILS_PER_RESPONSE = 3
MAILS_PER_ADDRESS_A_DAY = 3

# Fields of a question that the answers depend on.
LOCKED_QUESTION_FIELDS = ("kind", "background")

LOCKED_MESSAGE = _(
    "This survey has answers. Questions that have been answered cannot be deleted and "
    "their type and choices cannot be changed, because that would break the answers. "
    "You can still correct the wording."
)


class ChangeRefused(Exception):
    """A change that would break answers already given."""


def survey_has_answers(*, survey: Survey) -> bool:
    return survey.responses.filter(answers__isnull=False).exists()


def question_has_answers(*, question: Question) -> bool:
    if question.pk is None:
        return False
    return Answer.objects.filter(question=question).exists()


def question_change_allowed(*, question: Question) -> bool:
    """May the question's kind, background key and choices change, or it be deleted?"""
    return not question_has_answers(question=question)


def section_delete_allowed(*, section: Section) -> bool:
    return not Answer.objects.filter(question__section=section).exists()


def question_change_check(*, question: Question, changed_fields: set[str]) -> None:
    """Raise ChangeRefused when a saved question with answers would change a locked field."""
    locked = changed_fields & set(LOCKED_QUESTION_FIELDS)
    if locked and not question_change_allowed(question=question):
        raise ChangeRefused(LOCKED_MESSAGE)


def choices_change_check(*, question: Question, added: int, deleted: int) -> None:
    """Raise ChangeRefused when choices of an answered question would be added or deleted."""
    if (added or deleted) and not question_change_allowed(question=question):
        raise ChangeRefused(LOCKED_MESSAGE)


@transaction.atomic(durable=True)
def answers_moderate(*, answers: list[Answer], moderation: str, by) -> int:
    """Approve or reject open-text answers; returns how many changed.

    Side effects: the answers' moderation state and time; one audit event per answer
    whose state changed. Answers to other kinds of question are left alone.
    """
    if moderation not in {Answer.Moderation.APPROVED, Answer.Moderation.REJECTED}:
        raise ValueError(moderation)
    now = timezone.now()
    changed = 0
    rows = (
        Answer.objects.select_for_update()
        .filter(pk__in=[answer.pk for answer in answers], question__kind=Question.Kind.TEXT)
        .exclude(moderation=moderation)
    )
    for answer in rows:
        before = answer.moderation
        answer.moderation = moderation
        answer.moderated_at = now
        answer.save(update_fields=["moderation", "moderated_at"])
        audit_record(
            action=AuditEvent.Action.STATUS_CHANGED,
            obj=answer,
            actor=by,
            before={"moderation": before},
            after={"moderation": moderation},
        )
        changed += 1
    return changed


# --- Answering ------------------------------------------------------------------------


class AnsweringRefused(Exception):
    """Answers that cannot be saved: the round is closed, or the response was already sent."""


class RoundClosed(AnsweringRefused):
    pass


class AlreadySubmitted(AnsweringRefused):
    pass


class ContinueMailRefused(Exception):
    """No more continue mails now (to this address or for this response)."""


@dataclass
class BackgroundValues:
    """The background answers, stored on the response itself."""

    organisation_type: str = ""
    region: str = ""


@dataclass(frozen=True)
class AnswerValue:
    """One answer: the column used follows the question's kind; a scale answer with
    likert=None means "cannot say"."""

    question: Question
    choice: Choice | None = None
    choices: list[Choice] = field(default_factory=list)
    number: int | None = None
    likert: int | None = None
    text: str = ""


def continue_url(response: Response) -> str:
    """The absolute continue link of a response, in its language."""
    return absolute_url(
        response.language, "barometer:continue", token=CONTINUE_LINK.make(response.pk)
    )


def _open_survey(survey: Survey) -> Survey:
    """The survey locked for this transaction; RoundClosed unless it takes answers now."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open(timezone.now()):
        raise RoundClosed
    return survey


def _check_answers(survey: Survey, answers: list[AnswerValue]) -> None:
    """Refuse values that do not fit the survey's questions (a form bug or forged data)."""
    question_ids = set(Question.objects.filter(section__survey=survey).values_list("pk", flat=True))
    for value in answers:
        question = value.question
        if question.pk not in question_ids or question.background:
            raise ValueError(f"question {question.pk} is not answerable here")
        if value.choice is not None and value.choice.question_id != question.pk:
            raise ValueError("choice of another question")
        if any(choice.question_id != question.pk for choice in value.choices):
            raise ValueError("choice of another question")
        if value.likert is not None and not LIKERT_MIN <= value.likert <= LIKERT_MAX:
            raise ValueError("scale value out of range")


def _write(
    *,
    survey: Survey,
    response: Response | None,
    language: str,
    background: BackgroundValues,
    answers: list[AnswerValue],
    submit: bool,
) -> Response:
    survey = _open_survey(survey)
    _check_answers(survey, answers)
    if response is None:
        response = Response(survey=survey)
    else:
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.survey_id != survey.pk:
            raise ValueError("response of another survey")
        if response.submitted_at is not None:
            raise AlreadySubmitted
    response.language = language
    response.organisation_type = background.organisation_type
    response.region = background.region
    if submit:
        response.submitted_at = timezone.now()
        response.continue_email = ""
    response.full_clean(exclude=["survey"])
    response.save()
    response.answers.all().delete()
    rows = Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=value.question,
                choice=value.choice,
                number=value.number,
                likert=value.likert,
                text=value.text,
            )
            for value in answers
        ]
    )
    AnswerChoice.objects.bulk_create(
        [
            AnswerChoice(answer=row, choice=choice)
            for row, value in zip(rows, answers, strict=True)
            for choice in value.choices
        ]
    )
    bump_models(Answer, AnswerChoice)
    return response


@transaction.atomic(durable=True)
def response_save_draft(
    *,
    survey: Survey,
    response: Response | None,
    language: str,
    background: BackgroundValues,
    answers: list[AnswerValue],
) -> Response:
    """Save unfinished answers to continue later; returns the response.

    Side effects: creates the response (or updates the given one) with its language and
    background answers, and replaces its answers. Raises RoundClosed when the round does not
    take answers at this moment and AlreadySubmitted when the response was already sent:
    then nothing is written.
    """
    return _write(
        survey=survey,
        response=response,
        language=language,
        background=background,
        answers=answers,
        submit=False,
    )


@transaction.atomic(durable=True)
def response_submit(
    *,
    survey: Survey,
    response: Response | None,
    language: str,
    background: BackgroundValues,
    answers: list[AnswerValue],
) -> Response:
    """Send the answers: as response_save_draft, and the response is marked submitted.

    Side effects: as response_save_draft, plus `submitted_at`; the continue address, if any,
    is cleared (it was needed only for the link). The response cannot change after this.
    """
    return _write(
        survey=survey,
        response=response,
        language=language,
        background=background,
        answers=answers,
        submit=True,
    )


def _address_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"barometer:continue-mails:{digest}"


@transaction.atomic(durable=True)
def response_continue_mail(*, response: Response, email: str) -> Delivery:
    """Mail the continue link of an unfinished response to `email`.

    Side effects: stores the address on the response (continue_email); queues one mail in the
    response's language through the outbox, with the link and a fixed text (nothing the
    respondent wrote goes into it); counts the mail against the address in the cache.
    Raises RoundClosed or AlreadySubmitted as the answering services do, and
    ContinueMailRefused when the response already had MAILS_PER_RESPONSE mails or the
    address MAILS_PER_ADDRESS_A_DAY mails in the last day.
    """
    response = Response.objects.select_for_update().select_related("survey").get(pk=response.pk)
    survey = _open_survey(response.survey)
    if response.submitted_at is not None:
        raise AlreadySubmitted
    prefix = f"barometer:continue:{response.pk}:"
    sent = Delivery.objects.filter(dedupe_key__startswith=prefix).count()
    if sent >= MAILS_PER_RESPONSE:
        raise ContinueMailRefused
    key = _address_key(email)
    cache.add(key, 0, timeout=24 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=24 * 3600)
        count = 1
    if count > MAILS_PER_ADDRESS_A_DAY:
        raise ContinueMailRefused
    response.continue_email = email.strip()
    response.save(update_fields=["continue_email"])
    with translation.override(response.language):
        closes = date_format(timezone.localtime(survey.closes_at), "DATE_FORMAT")
        title = survey.title
    return transactional_mail_queue(
        to=response.continue_email,
        template=CONTINUE_MAIL_TEMPLATE,
        language=response.language,
        dedupe_key=f"{prefix}{sent + 1}",
        context={"continue_url": continue_url(response), "survey": title, "closes": closes},
    )
