"""Demo content: a few confirmed subscribers in both languages and two past newsletters."""

from datetime import datetime
from zoneinfo import ZoneInfo

from core.seeding import seed_missing
from mailings.models import ConsentRecord, Newsletter, Subscriber, Subscription
from mailings.services import CONSENT_PURPOSE, CONSENT_VERSION, consent_text

HELSINKI = ZoneInfo("Europe/Helsinki")

SUBSCRIBERS = [
    ("aino.virtanen@example.fi", "fi", ["newsletter", "events"]),
    ("mikko.korhonen@example.fi", "fi", ["newsletter", "theme-1"]),
    ("leila.hassan@example.fi", "fi", ["events", "theme-2"]),
    ("anna.lindqvist@example.fi", "sv", ["newsletter", "events"]),
    ("johan.bergstrom@example.fi", "sv", ["newsletter", "theme-5"]),
]

NEWSLETTERS = [
    {
        "sent_at": datetime(2026, 3, 12, 9, 0, tzinfo=HELSINKI),
        "subject_fi": "Kevään kumppanuuskampanja on alkanut",
        "subject_sv": "Vårens partnerskapskampanj har börjat",
        "body_fi": (
            "Hyvä lukija,\n\n"
            "kevään kampanja on nyt auki, ja organisaatiot voivat jättää lupauksia ja "
            "aloitteita huhtikuun loppuun asti.\n\n"
            "## Mitä uutta\n\n"
            "- Lomake toimii nyt myös puhelimella entistä sujuvammin.\n"
            "- Aloitteisiin voi hakea kumppaneita suoraan portaalissa.\n\n"
            "Kiitos, että olette mukana!"
        ),
        "body_sv": (
            "Bästa läsare,\n\n"
            "vårens kampanj är nu öppen, och organisationer kan lämna in löften och "
            "initiativ till slutet av april.\n\n"
            "## Nytt den här gången\n\n"
            "- Formuläret fungerar nu smidigare även på mobilen.\n"
            "- Till initiativen kan man söka partner direkt i portalen.\n\n"
            "Tack för att ni är med!"
        ),
    },
    {
        "sent_at": datetime(2026, 9, 3, 9, 0, tzinfo=HELSINKI),
        "subject_fi": "Syksyn tapahtumat ja kumppanuusbarometrin tulokset",
        "subject_sv": "Höstens evenemang och resultaten av partnerskapsbarometern",
        "body_fi": (
            "Hyvä lukija,\n\n"
            "kumppanuusbarometrin mukaan uutiskirje ja tapahtumat ovat ohjelman "
            "arvostetuimpia toimintamuotoja. Syksyllä järjestämme kolme verkostotapaamista "
            "eri puolilla Suomea.\n\n"
            "## Tulossa\n\n"
            "- **Lokakuu:** lasten ja nuorten kotoutuminen kunnissa\n"
            "- **Marraskuu:** maahanmuuttajat yrittäjinä\n\n"
            "Ilmoittautuminen avautuu portaalin tapahtumasivulla."
        ),
        "body_sv": (
            "Bästa läsare,\n\n"
            "enligt partnerskapsbarometern hör nyhetsbrevet och evenemangen till "
            "programmets mest uppskattade verksamhetsformer. I höst ordnar vi tre "
            "nätverksträffar i olika delar av Finland.\n\n"
            "## På kommande\n\n"
            "- **Oktober:** integration av barn och unga i kommunerna\n"
            "- **November:** invandrare som företagare\n\n"
            "Anmälan öppnar på portalens evenemangssida."
        ),
    },
]


def seed() -> None:
    for address, language, topics in SUBSCRIBERS:
        subscriber, _created = seed_missing(
            Subscriber,
            email_key=address,
            defaults={
                "email": address,
                "language": language,
                "status": Subscriber.Status.CONFIRMED,
                "confirmed_at": datetime(2026, 1, 15, 12, 0, tzinfo=HELSINKI),
            },
        )
        for topic in topics:
            Subscription.objects.get_or_create(subscriber=subscriber, topic=topic)
        seed_missing(
            ConsentRecord,
            subscriber=subscriber,
            purpose=CONSENT_PURPOSE,
            text_version=CONSENT_VERSION,
            defaults={
                "text": consent_text(language),
                "language": language,
                "source": "demo data",
                "given_at": datetime(2026, 1, 15, 11, 55, tzinfo=HELSINKI),
                "confirmed_at": datetime(2026, 1, 15, 12, 0, tzinfo=HELSINKI),
            },
        )
    for data in NEWSLETTERS:
        seed_missing(
            Newsletter,
            subject_fi=data["subject_fi"],
            defaults={
                **data,
                "topics": ["newsletter"],
                "status": Newsletter.Status.SENT,
            },
        )
