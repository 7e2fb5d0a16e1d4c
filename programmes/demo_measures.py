"""Demo of the government's integration measures (the ministry's page, shared/seeds/002):
three government terms and the three measures the page lists, with status timelines, in
Finnish and Swedish, in our own words.

The Government Integration Programme (Valko) for 2016–2019 was adopted in Sipilä's term;
in the Rinne–Marin term no new programme was made, a report to Parliament on reforming
integration took its place; the partnership programme began with the 2015 campaign and
continues. Orpo's term has only its note: the ministry says its content will be updated.
The dates are plausible demo dates, not a record.

Keyed on natural keys (the term's start, the measure's Finnish title; a status change on
its measure, status and date), so seeding twice leaves the same rows. Runs after news.demo:
the partnership programme links the demo press release on the campaign. News sits above
this app, so its model is reached through the relation, never imported.
"""

from datetime import date

from django.db import transaction
from django.utils import translation

from core.seeding import seed_missing
from programmes.demo import MINISTRY, bilingual
from programmes.models import GovernmentTerm, Measure, MeasureStatusChange, Publication
from programmes.services import measure_status_sync
from themes.models import Theme

TERMS: list[dict] = [
    {
        "starts_on": date(2015, 5, 29),
        "ends_on": date(2019, 6, 6),
        "prime_minister": "Juha Sipilä",
        "name": ("Pääministeri Sipilän hallituskausi", "Statsminister Sipiläs regeringsperiod"),
        "note": ("", ""),
    },
    {
        "starts_on": date(2019, 6, 6),
        "ends_on": date(2023, 6, 20),
        "prime_minister": "Antti Rinne, Sanna Marin",
        "name": (
            "Pääministerien Rinteen ja Marinin hallituskausi",
            "Statsministrarna Rinnes och Marins regeringsperiod",
        ),
        "note": ("", ""),
    },
    {
        "starts_on": date(2023, 6, 20),
        "ends_on": None,
        "prime_minister": "Petteri Orpo",
        "name": ("Pääministeri Orpon hallituskausi", "Statsminister Orpos regeringsperiod"),
        "note": (
            "Tämän hallituskauden kotouttamistoimia päivitetään parhaillaan sivulle. Palaa "
            "pian uudelleen.",
            "Regeringsperiodens integrationsåtgärder uppdateras som bäst på sidan. Kom "
            "tillbaka snart.",
        ),
    },
]

VALKO = "Valtion kotouttamisohjelma (Valko)"
REPORT = "Selonteko kotoutumisen edistämisen uudistamistarpeista"
PARTNERSHIP = "Kotouttamisen kumppanuusohjelma"

MEASURES: list[dict] = [
    {
        "term": date(2015, 5, 29),
        "kind": Measure.Kind.PROGRAMME,
        "title": (VALKO, "Statens program för integrationsfrämjande (Valko)"),
        "summary": (
            "Kotoutumislaki velvoittaa valtioneuvoston laatimaan kotouttamisohjelman neljäksi "
            "vuodeksi kerrallaan. Ohjelma asettaa valtakunnalliset tavoitteet ja toimet "
            "kotoutumisen edistämiselle.",
            "Enligt integrationslagen ska statsrådet göra upp ett program för "
            "integrationsfrämjande för fyra år i sänder. Programmet anger de riksomfattande "
            "målen och åtgärderna för integrationsfrämjandet.",
        ),
        "body": (
            "Ohjelma ohjaa virkamiesten ja muiden kotouttamistyötä tekevien toimintaa, ja sen "
            "valmistelu itsessään lisää tietoa kotoutumisesta ja tukee yhteiskunnallista "
            "muutosta. Valmistelua koordinoi työ- ja elinkeinoministeriö.\n\n"
            "Marinin hallituskaudella uutta ohjelmaa ei laadittu: sen tehtävän otti "
            "eduskunnalle annettu selonteko kotoutumisen edistämisen uudistamistarpeista.",
            "Programmet styr tjänstemännens och andra integrationsaktörers arbete, och redan "
            "beredningen ökar kunskapen om integration och stöder samhällsförändringen. "
            "Arbets- och näringsministeriet samordnar beredningen.\n\n"
            "Under Marins regeringsperiod gjordes inget nytt program: dess uppgift togs över "
            "av redogörelsen till riksdagen om behoven av att reformera integrationsfrämjandet.",
        ),
        "themes": [1, 2, 3],
        "publications": ["Valtion kotouttamisohjelma vuosille 2016–2019"],
        "news": [],
        "changes": [
            (
                Measure.Status.IN_PREPARATION,
                date(2015, 11, 1),
                (
                    "Valmistelu alkoi yhdessä ministeriöiden ja järjestöjen kanssa.",
                    "Beredningen inleddes tillsammans med ministerierna och organisationerna.",
                ),
            ),
            (
                Measure.Status.IN_FORCE,
                date(2016, 9, 8),
                (
                    "Valtioneuvosto hyväksyi ohjelman vuosille 2016–2019.",
                    "Statsrådet godkände programmet för åren 2016–2019.",
                ),
            ),
            (
                Measure.Status.REPLACED,
                date(2021, 6, 10),
                (
                    "Korvattiin eduskunnalle annetulla selonteolla.",
                    "Ersattes av redogörelsen som lämnades till riksdagen.",
                ),
            ),
        ],
        "replaced_by": REPORT,
    },
    {
        "term": date(2019, 6, 6),
        "kind": Measure.Kind.REPORT,
        "title": (REPORT, "Redogörelse om behoven av att reformera integrationsfrämjandet"),
        "summary": (
            "Hallitusohjelman mukaan hallitus laati tarkastusvaliokunnan mietinnön pohjalta "
            "kokonaisvaltaisen toimenpideohjelman siitä, miten kotouttamista on uudistettava. "
            "Ohjelma annettiin eduskunnalle selontekona keväällä 2021.",
            "Enligt regeringsprogrammet gjorde regeringen upp ett övergripande åtgärdsprogram "
            "om hur integrationsfrämjandet behöver förnyas, utifrån revisionsutskottets "
            "betänkande. Programmet lämnades till riksdagen som en redogörelse våren 2021.",
        ),
        "body": (
            "Selonteon valmistelua koordinoi työ- ja elinkeinoministeriö. Se korvasi tällä "
            "hallituskaudella valtion kotouttamisohjelman.",
            "Arbets- och näringsministeriet samordnade beredningen av redogörelsen. Under "
            "den här regeringsperioden ersatte den statens program för integrationsfrämjande.",
        ),
        "themes": [1, 2, 5],
        "publications": [],
        "news": [],
        "changes": [
            (
                Measure.Status.PLANNED,
                date(2019, 6, 6),
                ("Kirjattiin hallitusohjelmaan.", "Skrevs in i regeringsprogrammet."),
            ),
            (
                Measure.Status.IN_PREPARATION,
                date(2020, 3, 1),
                (
                    "Valmistelu alkoi työ- ja elinkeinoministeriön johdolla.",
                    "Beredningen inleddes under ledning av arbets- och näringsministeriet.",
                ),
            ),
            (
                Measure.Status.SUBMITTED,
                date(2021, 6, 10),
                ("Selonteko annettiin eduskunnalle.", "Redogörelsen lämnades till riksdagen."),
            ),
        ],
        "replaced_by": None,
    },
    {
        "term": date(2015, 5, 29),
        "kind": Measure.Kind.PARTNERSHIP,
        "title": (PARTNERSHIP, "Partnerskapsprogrammet för integrationsfrämjande"),
        "summary": (
            "Kumppanuusohjelma tuo kotouttamistyön toimijat yhteen ja lisää eri alojen ja "
            "monien äänten yhteistyötä, jotta kotouttaminen vaikuttaisi paremmin ja "
            "yhteiskunta ottaisi tulijat paremmin vastaan.",
            "Partnerskapsprogrammet för samman aktörerna i integrationsarbetet och ökar "
            "samarbetet mellan sektorer och röster, så att integrationsfrämjandet får bättre "
            "verkan och samhället blir mer mottagligt.",
        ),
        "body": (
            "Ohjelma perustuu avoimeen vuoropuheluun: se haastaa totutut ajattelutavat, "
            "tuottaa ajankohtaista tietoa, jakaa hyviä käytäntöjä ja kehittää toimintaa "
            "edelleen. Sen foorumeilla uusin tieto ja asiantuntijoiden käytännön osaaminen "
            "kohtaavat.",
            "Programmet bygger på en öppen dialog: det utmanar invanda tankesätt, tar fram "
            "aktuell kunskap, delar god praxis och utvecklar verksamheten vidare. I dess "
            "forum möts den färskaste kunskapen och experternas praktiska kunnande.",
        ),
        "themes": [1, 2, 3, 4, 5],
        "publications": ["Kotouttamisen kumppanuusohjelma"],
        "news": ["kumppanuusohjelman-kampanja-alkaa"],
        "changes": [
            (
                Measure.Status.IN_PREPARATION,
                date(2015, 10, 6),
                (
                    "Yhteistyökampanja ja teematyöpajat käynnistyivät.",
                    "Samarbetskampanjen och temaverkstäderna inleddes.",
                ),
            ),
            (
                Measure.Status.IN_FORCE,
                date(2016, 6, 1),
                ("Kumppanuusohjelma julkaistiin.", "Partnerskapsprogrammet publicerades."),
            ),
        ],
        "replaced_by": None,
    },
]


@transaction.atomic
def seed() -> None:
    """Create what is missing of the demo terms, measures and their timelines."""
    with translation.override("fi"):
        terms = {}
        for data in TERMS:
            term, _created = seed_missing(
                GovernmentTerm,
                starts_on=data["starts_on"],
                defaults={
                    **bilingual(name=data["name"], note=data["note"]),
                    "prime_minister": data["prime_minister"],
                    "ends_on": data["ends_on"],
                },
            )
            terms[data["starts_on"]] = term

        themes = {theme.number: theme for theme in Theme.objects.all()}
        news_model = Measure._meta.get_field("news").related_model
        measures = {}
        for data in MEASURES:
            measure, created = seed_missing(
                Measure,
                title_fi=data["title"][0],
                defaults={
                    **bilingual(
                        title=data["title"],
                        summary=data["summary"],
                        body=data["body"],
                        ministry=MINISTRY,
                    ),
                    "term": terms[data["term"]],
                    "kind": data["kind"],
                },
            )
            measures[data["title"][0]] = measure
            if created:
                measure.themes.set([themes[n] for n in data["themes"] if n in themes])
                measure.publications.set(
                    Publication.objects.filter(title_fi__in=data["publications"])
                )
                measure.news.set(news_model.objects.filter(slug_fi__in=data["news"]))
            for status, on, note in data["changes"]:
                seed_missing(
                    MeasureStatusChange,
                    measure=measure,
                    status=status,
                    date=on,
                    defaults=bilingual(note=note),
                )
            measure_status_sync(measure=measure)

        for data in MEASURES:
            measure = measures[data["title"][0]]
            if data["replaced_by"] and measure.replaced_by_id is None:
                measure.replaced_by = measures[data["replaced_by"]]
                measure.save(update_fields=["replaced_by", "updated_at"])
