"""A closed barometer round with every kind of question and generated answers, for the
results tests and the benchmark (deterministic: the same seed gives the same answers)."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from barometer.models import (
    NATIONWIDE,
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Response,
    Section,
    Survey,
)
from core.regions import REGIONS
from pledges.models import Organisation

K = Question.Kind
TYPES = [code for code, _label in Organisation.Type.choices]
REGION_CODES = [code for code, _fi, _sv in REGIONS] + [NATIONWIDE]


@dataclass
class Round:
    survey: Survey
    questions: dict[str, Question] = field(default_factory=dict)
    choices: dict[str, list[Choice]] = field(default_factory=dict)


def round_make(*, year: int = 2024, closed: bool = True, earlier: Round | None = None) -> Round:
    now = timezone.now()
    opens_at = now - timedelta(days=60) if closed else now - timedelta(days=1)
    closes_at = now - timedelta(days=1) if closed else now + timedelta(days=30)
    survey = Survey.objects.create(
        year=year,
        title_fi=f"Kumppanuusbarometri {year}",
        title_sv=f"Partnerskapsbarometern {year}",
        opens_at=opens_at,
        closes_at=closes_at,
    )
    background = Section.objects.create(
        survey=survey, position=1, title_fi="Taustatiedot", title_sv="Bakgrundsuppgifter"
    )
    main = Section.objects.create(
        survey=survey, position=2, title_fi="Yhteistyö", title_sv="Samarbetet"
    )
    made = Round(survey)
    specs = [
        ("type", background, K.SINGLE, Question.Background.ORGANISATION_TYPE, 0),
        ("region", background, K.SINGLE, Question.Background.REGION, 0),
        ("single", main, K.SINGLE, "", 3),
        ("multiple", main, K.MULTIPLE, "", 3),
        ("likert", main, K.LIKERT, "", 0),
        ("number", main, K.NUMBER, "", 0),
        ("text", main, K.TEXT, "", 0),
    ]
    for position, (key, section, kind, bg, n_choices) in enumerate(specs, 1):
        question = Question.objects.create(
            section=section,
            position=position,
            kind=kind,
            background=bg,
            text_fi=f"Kysymys {key} {year}",
            text_sv=f"Fråga {key} {year}",
            low_label_fi="eri mieltä" if kind == K.LIKERT else "",
            low_label_sv="av annan åsikt" if kind == K.LIKERT else "",
            high_label_fi="samaa mieltä" if kind == K.LIKERT else "",
            high_label_sv="av samma åsikt" if kind == K.LIKERT else "",
            same_as=earlier.questions.get(key) if earlier and not bg else None,
        )
        made.questions[key] = question
        made.choices[key] = [
            Choice.objects.create(
                question=question,
                position=index,
                text_fi=f"Vaihtoehto {index}",
                text_sv=f"Alternativ {index}",
            )
            for index in range(1, n_choices + 1)
        ]
    return made


def answers_make(
    made: Round,
    *,
    respondents: list[tuple[str, str]],
    seed: int = 1,
    submitted: bool = True,
    texts: list[tuple[str, str]] = (),
) -> list[Response]:
    """One response per (organisation type, region), answering every question at random
    (some skip, some "cannot say"); `texts`: (text, moderation) open answers, one a response."""
    rng = random.Random(seed)
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            survey=made.survey,
            language="fi",
            organisation_type=org_type,
            region=region,
            submitted_at=(made.survey.closes_at - timedelta(days=2)) if submitted else None,
            started_at=made.survey.opens_at + timedelta(hours=1),
        )
        for org_type, region in respondents
    )
    answers, picks = [], []
    texts = list(texts)
    for index, response in enumerate(responses):
        q = made.questions
        if rng.random() < 0.9:
            answers.append(
                Answer(
                    response=response,
                    question=q["single"],
                    choice=rng.choice(made.choices["single"]),
                )
            )
        picked = [c for c in made.choices["multiple"] if rng.random() < 0.5]
        if picked:
            answer = Answer(response=response, question=q["multiple"])
            answers.append(answer)
            picks.append((answer, picked))
        if rng.random() < 0.95:
            value = None if rng.random() < 0.1 else rng.randint(1, 5)
            answers.append(Answer(response=response, question=q["likert"], likert=value))
        if rng.random() < 0.9:
            answers.append(
                Answer(
                    response=response,
                    question=q["number"],
                    number=rng.choice([0, 1, 2, 4, 7, 15, 40]),
                )
            )
        if index < len(texts):
            text, moderation = texts[index]
            answers.append(
                Answer(
                    response=response,
                    question=q["text"],
                    text=text,
                    moderation=moderation,
                    moderated_at=now if moderation != "pending" else None,
                )
            )
    Answer.objects.bulk_create(answers)
    AnswerChoice.objects.bulk_create(
        AnswerChoice(answer=answer, choice=choice) for answer, chosen in picks for choice in chosen
    )
    return responses


def respondents_spread(n: int, *, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(rng.choice(TYPES), rng.choice(REGION_CODES)) for _ in range(n)]
