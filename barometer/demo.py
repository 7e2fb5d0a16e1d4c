"""Demo barometer: the 2020 round, the 2022 round with its real frame (answered
4.11.2022–24.2.2023 by 375 respondents, most from municipalities and organisations, close to a
third from Uusimaa; the report published 4.9.2023, in Swedish 11.9.2023, and presented at the
"Toiminta tutuksi" info session on 15.9.2023), and a round of the current year that is open
now (it opened two weeks before seeding and closes about two months after), so the answering
form can be tried. Question texts are our own.

Idempotent: rows are keyed on natural keys (core.seeding), and a round's synthetic responses
are generated only while it has none, from a fixed random seed, so the demo looks the same on
every machine. Responses and answers are public models (portal.cache_invalidation): bulk_create
sends no signal, so the cache is bumped by hand (core.content_versions.bump_models).
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
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
from core.content_versions import bump_models
from core.regions import REGIONS
from core.seeding import seed_missing
from events.models import Event
from news.models import NewsItem
from pledges.models import Organisation
from programmes.models import Programme, Publication

HELSINKI = timezone.get_default_timezone()
REPORTS_URL = "https://julkaisut.valtioneuvosto.fi/discover"
K = Question.Kind
T = Organisation.Type


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


AGREE = ("Täysin eri mieltä", "Helt av annan åsikt")
DISAGREE_TO_AGREE = {"low": AGREE, "high": ("Täysin samaa mieltä", "Helt av samma åsikt")}

# (title, description) of the sections; questions name their section by index.
SECTIONS = [
    (
        ("Taustatiedot", "Bakgrundsuppgifter"),
        ("Kerro organisaatiostasi.", "Berätta om din organisation."),
    ),
    (
        ("Yhteistyö ja kumppanuusohjelma", "Samarbetet och partnerskapsprogrammet"),
        (
            "Arvioi väittämiä oman organisaatiosi kokemusten perusteella.",
            "Bedöm påståendena utifrån din organisations erfarenheter.",
        ),
    ),
    (("Osallistuminen ja kehittäminen", "Deltagande och utveckling"), ("", "")),
]

# key, section, kind, text (fi, sv), extra. `since` 2022: no such question in 2020.
QUESTIONS = [
    {
        "key": "type",
        "section": 0,
        "kind": K.SINGLE,
        "background": Question.Background.ORGANISATION_TYPE,
        "required": True,
        "text": (
            "Minkälaista organisaatiota edustat?",
            "Vilken typ av organisation representerar du?",
        ),
    },
    {
        "key": "region",
        "section": 0,
        "kind": K.SINGLE,
        "background": Question.Background.REGION,
        "required": True,
        "text": (
            "Millä alueella organisaatiosi pääasiassa toimii?",
            "Inom vilket område verkar din organisation huvudsakligen?",
        ),
    },
    {
        "key": "useful",
        "section": 1,
        "kind": K.LIKERT,
        "mean": 3.8,
        "text": (
            "Kumppanuusohjelmasta on hyötyä organisaatiomme työlle.",
            "Partnerskapsprogrammet är till nytta för vår organisations arbete.",
        ),
    },
    {
        "key": "opportunities",
        "section": 1,
        "kind": K.LIKERT,
        "mean": 3.5,
        "text": (
            "Alueellamme on hyvät mahdollisuudet tehdä yhteistyötä kotoutumisen edistämiseksi.",
            "I vår region finns goda möjligheter till samarbete för att främja integration.",
        ),
    },
    {
        "key": "participation",
        "section": 1,
        "kind": K.LIKERT,
        "mean": 2.7,
        "text": (
            "Maahanmuuttajat ja heidän omat yhdistyksensä pääsevät mukaan yhteistyöhön.",
            "Invandrare och deras egna föreningar får vara med i samarbetet.",
        ),
    },
    {
        "key": "information",
        "section": 1,
        "kind": K.LIKERT,
        "mean": 3.2,
        "text": (
            "Tieto kulkee hyvin järjestöjen ja viranomaisten välillä.",
            "Informationen går bra mellan organisationer och myndigheter.",
        ),
    },
    {
        "key": "how_often",
        "section": 2,
        "kind": K.SINGLE,
        "text": (
            "Kuinka usein organisaatiosi on osallistunut kumppanuusohjelman toimintaan?",
            "Hur ofta har din organisation deltagit i partnerskapsprogrammets verksamhet?",
        ),
        "choices": [
            (("Ei lainkaan", "Inte alls"), 15),
            (("Kerran tai pari", "En eller ett par gånger"), 35),
            (("Useita kertoja", "Flera gånger"), 35),
            (("Säännöllisesti", "Regelbundet"), 15),
        ],
    },
    {
        "key": "most_useful",
        "section": 2,
        "kind": K.MULTIPLE,
        "help": ("Valitse kaikki sopivat.", "Välj alla som passar."),
        "text": (
            "Mikä kumppanuusohjelman toiminnasta on ollut hyödyllisintä?",
            "Vilken verksamhet inom partnerskapsprogrammet har varit mest nyttig?",
        ),
        "choices": [
            (
                (
                    "Koulutukset ja muu osaamisen kehittäminen",
                    "Utbildningar och annan kompetensutveckling",
                ),
                0.55,
            ),
            (("Webinaarit", "Webbseminarier"), 0.5),
            (("Uutiskirje", "Nyhetsbrevet"), 0.45),
            (("Verkostotapaamiset", "Nätverksträffar"), 0.3),
            (("Alueelliset tilaisuudet", "Regionala evenemang"), 0.25),
        ],
    },
    {
        "key": "events_attended",
        "section": 2,
        "kind": K.NUMBER,
        "since": 2022,
        "text": (
            "Kuinka moneen kumppanuusohjelman tilaisuuteen osallistuit viimeisen vuoden aikana?",
            "I hur många av partnerskapsprogrammets evenemang deltog du under det senaste året?",
        ),
    },
    {
        "key": "develop",
        "section": 2,
        "kind": K.TEXT,
        "text": (
            "Miten kumppanuusohjelmaa pitäisi mielestäsi kehittää?",
            "Hur borde partnerskapsprogrammet utvecklas, enligt din mening?",
        ),
    },
]

OPEN_ANSWERS = {
    "fi": [
        "Lisää alueellisia tapaamisia, joissa järjestöt ja kunnat oppivat tuntemaan toisensa.",
        "Tietoa ohjelmasta pitäisi jakaa selkokielellä ja useammalla kielellä.",
        "Maahanmuuttajien omat yhdistykset kannattaa ottaa mukaan suunnitteluun alusta asti.",
        "Webinaarit ovat olleet hyviä. Tallenteet auttaisivat niitä, jotka eivät pääse paikalle.",
        "Pienten järjestöjen voimavarat ovat vähäiset, joten osallistumisen pitää olla helppoa.",
        "Enemmän esimerkkejä onnistuneista kumppanuuksista muilta paikkakunnilta.",
    ],
    "sv": [
        "Fler regionala träffar där organisationer och kommuner kan lära känna varandra.",
        "Informationen om programmet borde finnas på lättläst språk och på flera språk.",
        "Invandrarnas egna föreningar borde vara med i planeringen från början.",
        "Mer material och fler evenemang på svenska.",
    ],
}

ROUNDS = [
    {
        "year": 2020,
        "title": ("Kumppanuusbarometri 2020", "Partnerskapsbarometern 2020"),
        "introduction": (
            "Ensimmäinen kumppanuusbarometri kartoittaa kotoutumista edistävän yhteistyön "
            "nykytilaa ja kumppanuusohjelman toimintaa.",
            "Den första partnerskapsbarometern kartlägger nuläget för det integrationsfrämjande "
            "samarbetet och partnerskapsprogrammets verksamhet.",
        ),
        "opens_at": at(2020, 10, 12),
        "closes_at": at(2020, 12, 4, 16),
        "respondents": 250,
        "uusimaa": 70,
    },
    {
        "year": 2022,
        "title": ("Kumppanuusbarometri 2022", "Partnerskapsbarometern 2022"),
        "introduction": (
            "Kumppanuusbarometri kerää tietoa kotoutumista edistävän työn nykytilasta ja "
            "kehittämistarpeista sekä kumppanuusohjelman toiminnasta. Vastaaminen vie noin "
            "kymmenen minuuttia, eikä kysely kysy henkilötietoja.",
            "Partnerskapsbarometern samlar information om nuläget och utvecklingsbehoven i det "
            "integrationsfrämjande arbetet och om partnerskapsprogrammets verksamhet. Det tar "
            "ungefär tio minuter att svara, och enkäten frågar inga personuppgifter.",
        ),
        "opens_at": at(2022, 11, 4),
        # Answers were taken until the end of 24 February 2023.
        "closes_at": at(2023, 2, 24, 23, 59),
        "respondents": 375,
        "uusimaa": 118,
    },
]

# Answers so far in the demo's open round.
OPEN_ROUND_RESPONDENTS = 36

# Of 375 (and scaled for 250): most from municipalities and associations (seed 003).
TYPE_SHARES = {
    T.MUNICIPALITY: 120,
    T.ASSOCIATION: 95,
    T.IMMIGRANT_ASSOCIATION: 35,
    T.STATE_AUTHORITY: 40,
    T.EDUCATIONAL_INSTITUTION: 35,
    T.COMPANY: 20,
    T.RELIGIOUS_COMMUNITY: 10,
    T.OTHER: 20,
}


def bilingual(**pairs: tuple[str, str]) -> dict[str, str]:
    return {
        f"{name}_{lang}": pair[i]
        for name, pair in pairs.items()
        for i, lang in ((0, "fi"), (1, "sv"))
    }


def _report(programme: Programme | None) -> Publication | None:
    if programme is None:
        return None
    publication, _created = seed_missing(
        Publication,
        programme=programme,
        title_fi="Kumppanuusbarometri 2022",
        defaults={
            **bilingual(
                title=("Kumppanuusbarometri 2022", "Partnerskapsbarometer 2022"),
                url=(
                    f"{REPORTS_URL}?query=Kumppanuusbarometri+2022",
                    f"{REPORTS_URL}?query=Kumppanuusbarometri+2022&locale-attribute=sv",
                ),
            ),
            "year": 2023,
            # The report is in Finnish only ("på finska" in the Swedish news).
            "in_finnish": True,
            "in_swedish": False,
            "in_english": False,
        },
    )
    return publication


def _news() -> NewsItem:
    item, _created = seed_missing(
        NewsItem,
        slug_fi="kumppanuusbarometri-2022-tulokset",
        defaults={
            **bilingual(
                title=(
                    "Kumppanuusohjelma tukee kotoutumistyön toimijoita – maahanmuuttajien "
                    "osallistumiseen on panostettava",
                    "Partnerskapsprogrammet stöder aktörerna på integrationsfältet – "
                    "invandrarnas möjligheter att delta behöver stärkas",
                ),
                lead=(
                    "Kumppanuusbarometriin 2022 vastasi 375 organisaatiota. Valtaosa kokee "
                    "ohjelman hyödylliseksi omalle työlleen.",
                    "375 organisationer svarade på partnerskapsbarometern 2022. Majoriteten "
                    "upplever att programmet är till nytta för deras arbete.",
                ),
                body=(
                    "Barometriin vastattiin 4.11.2022–24.2.2023. Eniten vastauksia tuli kunnista "
                    "ja järjestöistä, ja lähes kolmannes vastaajista toimii Uudellamaalla. "
                    "Tulokset esitellään Toiminta tutuksi -infotilaisuudessa 15.9. klo 9–10.",
                    "Barometern besvarades 4.11.2022–24.2.2023. Flest svar kom från kommuner och "
                    "organisationer, och nästan en tredjedel av respondenterna verkar i Nyland. "
                    "Resultaten presenteras vid informationsmötet Lär känna verksamheten den "
                    "15 september kl. 9–10.",
                ),
            ),
            # The Swedish edition was published a week after the Finnish one.
            "published_fi": at(2023, 9, 4, 9, 0),
            "published_sv": at(2023, 9, 11, 13, 41),
        },
    )
    return item


def _event() -> Event:
    starts_at = at(2023, 9, 15, 9, 0)
    event, _created = seed_missing(
        Event,
        slug_fi="toiminta-tutuksi-kumppanuusbarometri-2022",
        defaults={
            **bilingual(
                title=(
                    "Toiminta tutuksi: kumppanuusbarometrin 2022 tulokset",
                    "Lär känna verksamheten: resultaten av partnerskapsbarometern 2022",
                ),
                description=(
                    "Barometrin toteuttaja esittelee tulokset ja kertoo erityisesti kyselyn "
                    "avoimista vastauksista.",
                    "Den som genomförde barometern presenterar resultaten och berättar särskilt "
                    "om enkätens öppna svar.",
                ),
                place=("Verkossa", "På nätet"),
                organiser=(
                    "Kumppanuusohjelman koordinaatio",
                    "Partnerskapsprogrammets koordinering",
                ),
            ),
            "kind": Event.Kind.INFO_SESSION,
            "scope": Event.Scope.NATIONAL,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1),
            "registration_opens_at": at(2023, 9, 4, 9, 0),
            "registration_closes_at": at(2023, 9, 14, 16, 0),
            "is_published": True,
        },
    )
    return event


def _questions(survey: Survey, year: int, earlier: dict[str, Question]) -> dict[str, Question]:
    sections = [
        seed_missing(
            Section,
            survey=survey,
            position=position,
            defaults={
                **bilingual(title=title),
                **({} if not description[0] else bilingual(description=description)),
            },
        )[0]
        for position, (title, description) in enumerate(SECTIONS, start=1)
    ]
    questions: dict[str, Question] = {}
    for position, data in enumerate(QUESTIONS, start=1):
        if data.get("since", 0) > year:
            continue
        defaults = {
            **bilingual(text=data["text"]),
            "kind": data["kind"],
            "background": data.get("background", ""),
            "required": data.get("required", False),
            "same_as": earlier.get(data["key"]),
        }
        if "help" in data:
            defaults |= bilingual(help_text=data["help"])
        if data["kind"] == K.LIKERT:
            defaults |= bilingual(
                low_label=DISAGREE_TO_AGREE["low"], high_label=DISAGREE_TO_AGREE["high"]
            )
        question, _created = seed_missing(
            Question, section=sections[data["section"]], position=position, defaults=defaults
        )
        for choice_position, (text, _weight) in enumerate(data.get("choices", []), start=1):
            seed_missing(
                Choice, question=question, position=choice_position, defaults=bilingual(text=text)
            )
        questions[data["key"]] = question
    return questions


def _spread(total: int, shares: dict[str, int]) -> list[str]:
    """`total` values in proportion to `shares` (largest remainders), deterministic."""
    whole = sum(shares.values())
    exact = {key: total * share / whole for key, share in shares.items()}
    counts = {key: int(value) for key, value in exact.items()}
    rest = sorted(exact, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in rest[: total - sum(counts.values())]:
        counts[key] += 1
    return [key for key, count in counts.items() for _ in range(count)]


def _respondents(rng: random.Random, total: int, uusimaa: int) -> list[tuple[str, str]]:
    types = _spread(total, TYPE_SHARES)
    others = [code for code, _fi, _sv in REGIONS if code != "uusimaa"]
    nationwide = round(total * 0.06)
    regions = (
        ["uusimaa"] * uusimaa
        + [NATIONWIDE] * nationwide
        + rng.choices(others, k=total - uusimaa - nationwide)
    )
    rng.shuffle(types)
    rng.shuffle(regions)
    return list(zip(types, regions, strict=True))


def _responses(
    survey: Survey,
    questions: dict[str, Question],
    *,
    seed: int,
    total: int,
    uusimaa: int,
    until: datetime | None = None,
) -> None:
    """`total` submitted responses from `seed`, sent before `until` (default: the close);
    open answers of a round still open all wait for moderation."""
    rng = random.Random(seed)
    until = until or survey.closes_at
    still_open = until < survey.closes_at
    span = (until - survey.opens_at).total_seconds()
    responses = []
    for organisation_type, region in _respondents(rng, total, uusimaa):
        started_at = survey.opens_at + timedelta(seconds=rng.uniform(0, span - 3600))
        swedish = rng.random() < (0.5 if region == "pohjanmaa" else 0.08)
        responses.append(
            Response(
                survey=survey,
                language="sv" if swedish else "fi",
                organisation_type=organisation_type,
                region=region,
                started_at=started_at,
                submitted_at=min(until, started_at + timedelta(minutes=rng.randint(4, 40))),
            )
        )
    responses = Response.objects.bulk_create(responses)

    choices = {
        key: list(question.choices.order_by("position")) for key, question in questions.items()
    }
    answers: list[Answer] = []
    multiple: list[tuple[Answer, list[Choice]]] = []
    for response in responses:
        for data in QUESTIONS:
            question = questions.get(data["key"])
            if question is None or question.background:
                continue  # background answers are on the response itself
            answer = Answer(response=response, question=question)
            if data["kind"] == K.LIKERT:
                if rng.random() < 0.03:
                    continue  # skipped
                # About one in fifteen cannot say (stored as no value).
                if rng.random() >= 0.07:
                    answer.likert = min(5, max(1, round(rng.gauss(data["mean"], 1.0))))
            elif data["kind"] == K.SINGLE:
                weights = [weight for _text, weight in data["choices"]]
                answer.choice = rng.choices(choices[data["key"]], weights=weights)[0]
            elif data["kind"] == K.MULTIPLE:
                picked = [
                    choice
                    for choice, (_text, share) in zip(
                        choices[data["key"]], data["choices"], strict=True
                    )
                    if rng.random() < share
                ]
                if not picked:
                    continue
                multiple.append((answer, picked))
            elif data["kind"] == K.NUMBER:
                if rng.random() < 0.1:
                    continue
                answer.number = min(20, int(rng.expovariate(1 / 3)))
            elif data["kind"] == K.TEXT:
                if rng.random() >= 0.12:
                    continue
                answer.text = rng.choice(OPEN_ANSWERS[response.language])
                # A few approved for publication, a few rejected, the rest waiting.
                answer.moderation = rng.choices(list(Answer.Moderation), weights=[5, 4, 1])[0]
                if still_open:
                    answer.moderation = Answer.Moderation.PENDING
                if answer.moderation != Answer.Moderation.PENDING:
                    answer.moderated_at = survey.closes_at + timedelta(days=7)
            answers.append(answer)
    Answer.objects.bulk_create(answers)
    AnswerChoice.objects.bulk_create(
        [
            AnswerChoice(answer=answer, choice=choice)
            for answer, picked in multiple
            for choice in picked
        ]
    )
    bump_models(Response, Answer, AnswerChoice)


@transaction.atomic
def seed() -> None:
    programme = Programme.objects.order_by("pk").first()
    frame_2022 = {"report": _report(programme), "news_item": _news(), "event": _event()}
    earlier: dict[str, Question] = {}
    for data in ROUNDS:
        defaults = {
            **bilingual(title=data["title"], introduction=data["introduction"]),
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            **(frame_2022 if data["year"] == 2022 else {}),
        }
        survey, _created = seed_missing(Survey, year=data["year"], defaults=defaults)
        questions = _questions(survey, data["year"], earlier)
        if not survey.responses.exists():
            _responses(
                survey,
                questions,
                seed=data["year"],
                total=data["respondents"],
                uusimaa=data["uusimaa"],
            )
        earlier = questions
    _open_round(earlier)


def _open_round(earlier: dict[str, Question]) -> None:
    """This year's round, open now, its questions the same as the latest earlier round's."""
    now = timezone.now()
    year = timezone.localtime(now).year
    if year in {data["year"] for data in ROUNDS}:
        return
    defaults = {
        **bilingual(
            title=(f"Kumppanuusbarometri {year}", f"Partnerskapsbarometern {year}"),
            introduction=ROUNDS[-1]["introduction"],
        ),
        # Whole minutes: the same round whenever the demo is seeded within the minute.
        "opens_at": (now - timedelta(days=14)).replace(second=0, microsecond=0),
        "closes_at": (now + timedelta(days=60)).replace(second=0, microsecond=0),
    }
    survey, _created = seed_missing(Survey, year=year, defaults=defaults)
    questions = _questions(survey, year, earlier)
    if not survey.responses.exists() and survey.opens_at < now:
        _responses(
            survey,
            questions,
            seed=year,
            total=OPEN_ROUND_RESPONDENTS,
            uusimaa=OPEN_ROUND_RESPONDENTS // 3,
            until=min(now, survey.closes_at),
        )
