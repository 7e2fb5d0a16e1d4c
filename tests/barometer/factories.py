"""A barometer round with one question of every kind, for the answering tests."""

from datetime import timedelta

from django.utils import timezone

from barometer.models import Choice, Question, Section, Survey


def bilingual(name: str, fi: str, sv: str) -> dict:
    return {f"{name}_fi": fi, f"{name}_sv": sv}


def open_survey(*, year: int = 2026, opens_days_ago: int = 14, closes_in_days: int = 60) -> Survey:
    """A round open now: background questions, then single, multiple, scale, number, text.

    Returns the survey; its questions are reachable as `survey.q[key]`.
    """
    now = timezone.now()
    survey = Survey.objects.create(
        year=year,
        **bilingual("title", f"Kumppanuusbarometri {year}", f"Partnerskapsbarometern {year}"),
        **bilingual("introduction", "Vastaa kyselyyn.", "Svara på enkäten."),
        opens_at=now - timedelta(days=opens_days_ago),
        closes_at=now + timedelta(days=closes_in_days),
    )
    background = Section.objects.create(
        survey=survey, position=1, **bilingual("title", "Taustatiedot", "Bakgrundsuppgifter")
    )
    main = Section.objects.create(
        survey=survey,
        position=2,
        **bilingual("title", "Yhteistyö", "Samarbetet"),
        **bilingual("description", "Arvioi väittämiä.", "Bedöm påståendena."),
    )
    q = {}

    def question(key, section, kind, fi, sv, **extra):
        q[key] = Question.objects.create(
            section=section, position=len(q) + 1, kind=kind, **bilingual("text", fi, sv), **extra
        )
        return q[key]

    question(
        "type",
        background,
        Question.Kind.SINGLE,
        "Minkälaista organisaatiota edustat?",
        "Vilken typ av organisation representerar du?",
        background=Question.Background.ORGANISATION_TYPE,
        required=True,
    )
    question(
        "region",
        background,
        Question.Kind.SINGLE,
        "Millä alueella toimit?",
        "Inom vilket område verkar ni?",
        background=Question.Background.REGION,
    )
    single = question(
        "known",
        main,
        Question.Kind.SINGLE,
        "Tunnetko kumppanuusohjelman?",
        "Känner du till partnerskapsprogrammet?",
        required=True,
    )
    for position, (fi, sv) in enumerate([("Kyllä", "Ja"), ("Ei", "Nej")], start=1):
        Choice.objects.create(question=single, position=position, **bilingual("text", fi, sv))
    multiple = question(
        "channels",
        main,
        Question.Kind.MULTIPLE,
        "Mistä olet saanut tietoa?",
        "Varifrån har du fått information?",
    )
    for position, (fi, sv) in enumerate(
        [("Webinaarit", "Webbseminarier"), ("Uutiskirje", "Nyhetsbrevet"), ("Muu", "Annat")],
        start=1,
    ):
        Choice.objects.create(question=multiple, position=position, **bilingual("text", fi, sv))
    question(
        "useful",
        main,
        Question.Kind.LIKERT,
        "Ohjelma on hyödyllinen.",
        "Programmet är nyttigt.",
        **bilingual("low_label", "Täysin eri mieltä", "Helt av annan åsikt"),
        **bilingual("high_label", "Täysin samaa mieltä", "Helt av samma åsikt"),
        required=True,
    )
    question(
        "events",
        main,
        Question.Kind.NUMBER,
        "Moneenko tilaisuuteen osallistuit?",
        "I hur många evenemang deltog du?",
    )
    question(
        "develop",
        main,
        Question.Kind.TEXT,
        "Miten ohjelmaa pitäisi kehittää?",
        "Hur borde programmet utvecklas?",
        **bilingual("help_text", "Vapaa sana.", "Fritt ord."),
    )
    survey.q = q
    return survey


def choice(survey: Survey, key: str, fi: str) -> Choice:
    return survey.q[key].choices.get(text_fi=fi)
