"""Writes of the barometer: the guards that keep answered questions intact, and moderation.

A survey that has answers can no longer have its questions changed in ways that break the
answers: an answered question keeps its kind, its background key and its choices (a choice
can be reworded, not added or removed), and neither it nor its section can be deleted. Texts
may still be corrected. The admin asks these functions; Answer's RESTRICT foreign keys refuse
a deletion in the database as well.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record
from barometer.models import Answer, Question, Section, Survey

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
