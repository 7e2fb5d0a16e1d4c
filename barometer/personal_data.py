"""Personal data in the barometer: the address a respondent gave to get the continue link.

Registered with the privacy app (privacy.registry). The answers themselves are anonymous and
stay when the address is erased.
"""

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from barometer.models import Answer, Response
from privacy.registry import PersonalDataSource, iso, register


def responses_find(email: str) -> QuerySet:
    return (
        Response.objects.filter(continue_email__iexact=email)
        .select_related("survey")
        .order_by("started_at", "pk")
    )


def _answer(answer: Answer) -> dict[str, Any]:
    question = answer.question
    return {
        "question": {"fi": question.text_fi or "", "sv": question.text_sv or ""},
        "choice": answer.choice.text if answer.choice_id else None,
        "choices": [choice.text for choice in answer.choices.all()],
        "number": answer.number,
        "scale": answer.likert,
        "text": answer.text,
    }


def responses_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": response.pk,
            "year": response.survey.year,
            "continue_email": response.continue_email,
            "language": response.language,
            "organisation_type": response.organisation_type,
            "region": response.region,
            "started_at": iso(response.started_at),
            "submitted_at": iso(response.submitted_at),
            "answers": [
                _answer(answer)
                for answer in response.answers.select_related("question", "choice")
                .prefetch_related("choices")
                .order_by("question__section__position", "question__position", "pk")
            ],
        }
        for response in rows
    ]


def responses_erase(rows: QuerySet, *, now: datetime) -> None:
    """The address is cleared; the answers stay, anonymous."""
    rows.update(continue_email="")


def responses_expired(cutoff: datetime) -> QuerySet:
    """Addresses not needed any more: the answers were sent, or the round closed before
    `cutoff`."""
    return Response.objects.exclude(continue_email="").filter(
        Q(submitted_at__isnull=False) | Q(survey__closes_at__lt=cutoff)
    )


register(
    PersonalDataSource(
        key="barometer_responses",
        label=_("Barometer responses (continue link address)"),
        find=responses_find,
        export=responses_export,
        erase=responses_erase,
        expired=responses_expired,
    )
)
