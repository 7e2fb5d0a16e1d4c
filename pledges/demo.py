"""Demo content for pledges and initiatives: campaigns, organisations, entries, an award.

Fictional organisations and people (example.fi addresses). Some entries are written only in
Finnish, some only in Swedish and some in both, as real submissions are; one is still
waiting for review and one lacks consent to publish, so neither is public. Every row is
keyed on a natural key (campaign hashtag, organisation name, the submission's contact
address), so seeding twice leaves the same rows.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.selectors import audit_history
from audit.services import audit_record
from core.municipalities import NATIONWIDE
from core.seeding import seed_missing
from pledges.models import (
    Award,
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
)
from pledges.services import CONSENT_TEXT_VERSION, STATUS_ACTIONS
from programmes.models import Campaign
from themes.models import Theme

T = Organisation.Type

CAMPAIGNS = {
    "open": {
        "hashtag": "kumppanuus2026",
        "name_fi": "Kumppanuuskampanja 2026",
        "name_sv": "Partnerskapskampanjen 2026",
        "description_fi": "Kerro, mitä organisaatiosi tekee kotoutumisen hyväksi, tai ehdota "
        "uutta yhteistä toimintaa. Parhaat lupaukset ja aloitteet palkitaan.",
        "description_sv": "Berätta vad din organisation gör för integrationen eller föreslå ny "
        "gemensam verksamhet. De bästa löftena och initiativen belönas.",
        "opens": timedelta(days=-30),
        "closes": timedelta(days=60),
    },
    "past": {
        "hashtag": "kumppanuus2025",
        "name_fi": "Kumppanuuskampanja 2025",
        "name_sv": "Partnerskapskampanjen 2025",
        "description_fi": "Vuoden 2025 kampanja keräsi lupauksia ja aloitteita koko maasta.",
        "description_sv": "Kampanjen 2025 samlade löften och initiativ från hela landet.",
        "opens": timedelta(days=-400),
        "closes": timedelta(days=-310),
    },
}

ORGANISATIONS = {
    "kompassi": (
        "Kotoutumisyhdistys Kompassi ry",
        T.ASSOCIATION,
        "2345671-3",
        "837",  # Tampere
        "pirkanmaa",
        "https://kompassi.example.fi",
    ),
    "tahti": (
        "Maahanmuuttajanaisten yhdistys Tähti ry",
        T.IMMIGRANT_ASSOCIATION,
        "",
        "092",  # Vantaa
        "uusimaa",
        "",
    ),
    "lumo": (
        "Rakennus Lumo Oy",
        T.COMPANY,
        "1618033-3",
        "564",  # Oulu
        "pohjois-pohjanmaa",
        "https://lumo.example.fi",
    ),
    "jarvela": (
        "Järvelän kunta",
        T.MUNICIPALITY,
        "2960011-4",
        # A fictional municipality: it has no row in the official list.
        None,
        "keski-suomi",
        "https://jarvela.example.fi",
    ),
    "kustbygden": ("Kustbygdens församling", T.RELIGIOUS_COMMUNITY, "", "905", "pohjanmaa", ""),
    "kaari": (
        "Ammattiopisto Kaari",
        T.EDUCATIONAL_INSTITUTION,
        "3050422-6",
        "853",  # Turku
        "varsinais-suomi",
        "https://kaari.example.fi",
    ),
    "osterbotten": (
        "Föreningen Integration i Österbotten rf",
        T.ASSOCIATION,
        "",
        "598",  # Pietarsaari, Jakobstad
        "pohjanmaa",
        "",
    ),
    "lappi": ("Kotoutumisen osaamiskeskus Lappi", T.STATE_AUTHORITY, "", "698", "lappi", ""),
}

P = Entry.Status.PUBLISHED
# kind, key (also the contact address), organisation, campaign, themes, language(s),
# titles and texts (fi, sv; "" when not written), status, consent, extra fields, partners.
ENTRIES = [
    {
        "kind": "pledge",
        "key": "kielikahvila",
        "org": "kompassi",
        "campaign": "open",
        "themes": [1, 5],
        "status": P,
        "consent": True,
        "lang": "fi",
        "title": ("Kielikahvila kirjastossa joka tiistai", ""),
        "text": (
            "Järjestämme Tampereen pääkirjastossa joka tiistai kielikahvilan, jossa suomea "
            "harjoitellaan rennosti kahvin äärellä. Vapaaehtoiset ohjaajat ovat paikalla, ja "
            "mukaan voi tulla ilman ilmoittautumista. Lupaamme pitää kahvilan auki koko "
            "lukuvuoden ja kouluttaa kymmenen uutta vapaaehtoista.",
            "",
        ),
    },
    {
        "kind": "pledge",
        "key": "harjoittelu",
        "org": "lumo",
        "campaign": "open",
        "themes": [1, 4],
        "status": P,
        "consent": True,
        "lang": "fi",
        "selected": True,
        "title": (
            "Kymmenen harjoittelupaikkaa rakennusalalle",
            "Tio praktikplatser i byggbranschen",
        ),
        "text": (
            "Tarjoamme vuoden aikana kymmenen palkallista harjoittelupaikkaa "
            "maahanmuuttajataustaisille nuorille aikuisille. Jokainen harjoittelija saa "
            "työmaalta oman ohjaajan, ja työturvallisuuskoulutus järjestetään selkosuomeksi.",
            "Under året erbjuder vi tio avlönade praktikplatser för unga vuxna med "
            "invandrarbakgrund. Varje praktikant får en egen handledare på byggplatsen, och "
            "arbetarskyddsutbildningen ordnas på lättläst finska.",
        ),
    },
    {
        "kind": "pledge",
        "key": "laxhjalp",
        "org": "kustbygden",
        "campaign": "open",
        "themes": [2],
        "status": P,
        "consent": True,
        "lang": "sv",
        "title": ("", "Läxhjälp i församlingshemmet"),
        "text": (
            "",
            "Vi öppnar församlingshemmet två eftermiddagar i veckan för läxhjälp. Frivilliga "
            "pensionerade lärare hjälper skolbarn i alla åldrar, och föräldrarna är välkomna "
            "att stanna på kaffe. Vi lovar att hålla verksamheten igång hela läsåret.",
        ),
    },
    {
        "kind": "pledge",
        "key": "kuntapaikat",
        "org": "jarvela",
        "campaign": "past",
        "themes": [3],
        "status": P,
        "consent": True,
        "lang": "fi",
        "selected": True,
        "title": (
            "Kuntapaikka ja henkilökohtainen ohjaus neljällekymmenelle",
            "Kommunplats och personlig handledning för fyrtio",
        ),
        "text": (
            "Järvelän kunta lupaa ottaa vastaan neljäkymmentä kansainvälistä suojelua saavaa "
            "ja tarjota jokaiselle oman ohjaajan ensimmäisen vuoden ajaksi. Asunnot, "
            "varhaiskasvatus ja kielikoulutus järjestetään yhdessä paikallisten järjestöjen "
            "kanssa.",
            "Järvelä kommun lovar ta emot fyrtio personer som får internationellt skydd och "
            "ge var och en en egen handledare under det första året. Bostäder, "
            "småbarnspedagogik och språkutbildning ordnas tillsammans med lokala "
            "organisationer.",
        ),
    },
    {
        "kind": "pledge",
        "key": "antirasismi",
        "org": "kaari",
        "campaign": "open",
        "themes": [5],
        "status": P,
        "consent": True,
        "lang": "fi",
        "title": ("Koko henkilökunta antirasismikoulutukseen", ""),
        "text": (
            "Koulutamme kahden vuoden aikana jokaisen opettajamme ja muun henkilökunnan "
            "tunnistamaan ja puuttumaan rasismiin oppilaitoksen arjessa. Opiskelijakunta on "
            "mukana suunnittelemassa koulutusta.",
            "",
        ),
    },
    {
        "kind": "pledge",
        "key": "samtalskvallar",
        "org": "osterbotten",
        "campaign": "open",
        "themes": [5],
        "status": P,
        "consent": True,
        "lang": "sv",
        "title": ("", "Samtalskvällar om vardagsrasism"),
        "text": (
            "",
            "Vi ordnar sex samtalskvällar i Jakobstad där invånare med olika bakgrund berättar "
            "om sina erfarenheter av vardagsrasism. Kvällarna leds av utbildade "
            "samtalsledare, och tolkning ordnas vid behov.",
        ),
    },
    {
        "kind": "pledge",
        "key": "perhekerho",
        "org": "tahti",
        "campaign": "open",
        "themes": [2],
        "status": P,
        "consent": True,
        "lang": "fi",
        "title": ("Perhekerho äideille ja pikkulapsille", "Familjeklubb för mammor och småbarn"),
        "text": (
            "Pidämme Vantaalla viikoittaista perhekerhoa, jossa äidit tutustuvat toisiinsa ja "
            "neuvolan, päiväkodin ja koulun palveluihin. Lapsille on omaa ohjattua toimintaa.",
            "Vi håller en veckoklubb i Vanda där mammor lär känna varandra och tjänsterna på "
            "rådgivningen, i daghemmet och i skolan. Barnen har egen ledd verksamhet.",
        ),
    },
    {
        # Waiting for review: not public.
        "kind": "pledge",
        "key": "neuvonta",
        "org": "lappi",
        "campaign": "open",
        "themes": [1],
        "status": Entry.Status.SUBMITTED,
        "consent": True,
        "lang": "fi",
        "title": ("Monikielinen neuvonta kirjastoissa", ""),
        "text": (
            "Tuomme kotoutumisneuvonnan kerran kuussa Lapin kirjastoihin arabiaksi, "
            "venäjäksi ja englanniksi.",
            "",
        ),
    },
    {
        # No consent to publish: staff may consider it, the public never sees it.
        "kind": "pledge",
        "key": "ilman-lupaa",
        "org": "kompassi",
        "campaign": "open",
        "themes": [1],
        "status": Entry.Status.IN_REVIEW,
        "consent": False,
        "lang": "fi",
        "title": ("Sisäinen työhyvinvointisuunnitelma", ""),
        "text": ("Päivitämme yhdistyksen työhyvinvointisuunnitelman monikieliseksi.", ""),
    },
    {
        "kind": "initiative",
        "key": "mentorit",
        "org": "kompassi",
        "campaign": "open",
        "themes": [1],
        "status": P,
        "consent": True,
        "lang": "fi",
        "title": (
            "Työpaikkamentorit maahanmuuttajanaisille",
            "Arbetsplatsmentorer för invandrarkvinnor",
        ),
        "text": (
            "Kokoamme yritysten työntekijöistä mentoreita, jotka tapaavat työtä hakevia "
            "maahanmuuttajanaisia puolen vuoden ajan. Ensimmäinen ryhmä on jo aloittanut.",
            "Vi samlar mentorer bland företagens anställda som träffar arbetssökande "
            "invandrarkvinnor under ett halvår. Den första gruppen har redan börjat.",
        ),
        "partners_sought": (
            "Yrityksiä, joiden työntekijät voivat toimia mentoreina.",
            "Företag vars anställda kan vara mentorer.",
        ),
        "seeking_partners": True,
        "stage": Initiative.Stage.UNDER_WAY,
        "partners": [("lumo", Partner.Status.CONFIRMED)],
    },
    {
        "kind": "initiative",
        "key": "idrottsklubb",
        "org": "osterbotten",
        "campaign": "open",
        "themes": [2],
        "status": P,
        "consent": True,
        "lang": "sv",
        "title": ("", "Idrottsklubb för nyanlända familjer"),
        "text": (
            "",
            "Vi vill grunda en idrottsklubb där nyanlända familjer och ortsbor tränar "
            "tillsammans: fotboll för barnen, promenadgrupper för föräldrarna.",
        ),
        "partners_sought": ("", "Idrottsföreningar och skolor som kan erbjuda lokaler."),
        "seeking_partners": True,
        "stage": Initiative.Stage.IDEA,
        "partners": [("kustbygden", Partner.Status.PENDING)],
    },
    {
        "kind": "initiative",
        "key": "yrittajyyspolku",
        "org": "jarvela",
        "campaign": "past",
        "themes": [4],
        "status": P,
        "consent": True,
        "lang": "fi",
        "selected": True,
        "title": (
            "Yrittäjyyspolku uusille kuntalaisille",
            "Företagarstigen för nya kommuninvånare",
        ),
        "text": (
            "Kunta ja ammattiopisto rakensivat yhdessä yrittäjyyspolun: liiketoimintakurssin, "
            "kummiyrittäjän ja pienen starttirahan. Kolmetoista uutta yritystä aloitti "
            "ensimmäisenä vuonna.",
            "Kommunen och yrkesinstitutet byggde tillsammans en företagarstig: en kurs i "
            "affärsverksamhet, en fadderföretagare och en liten startpeng. Tretton nya "
            "företag startade under det första året.",
        ),
        "seeking_partners": False,
        "stage": Initiative.Stage.IMPLEMENTED,
        "partners": [("kaari", Partner.Status.CONFIRMED)],
    },
    {
        "kind": "initiative",
        "key": "naapurustokavelyt",
        "org": "tahti",
        "campaign": "open",
        "themes": [5, 2],
        "status": P,
        "consent": True,
        "lang": "fi",
        "title": ("Naapurustokävelyt", ""),
        "text": (
            "Kutsumme naapurit kävelylle kerran kuussa: reitti kulkee lähiön palveluiden "
            "kautta, ja matkalla tutustutaan toisiimme.",
            "",
        ),
        "seeking_partners": False,
        "stage": Initiative.Stage.IDEA,
    },
]

AWARD = {
    "name_fi": "Vuoden kumppanuusteko",
    "name_sv": "Årets partnerskapsgärning",
    "year": 2025,
    "reasoning_fi": "Järvelän kunta ja Ammattiopisto Kaari osoittivat, miten pieni kunta "
    "voi yhteistyöllä tehdä uusista asukkaista yrittäjiä ja naapureita. Ratkaisu on helppo "
    "ottaa käyttöön muuallakin.",
    "reasoning_sv": "Järvelä kommun och yrkesinstitutet Kaari visade hur en liten kommun "
    "genom samarbete kan göra nya invånare till företagare och grannar. Lösningen är lätt "
    "att ta i bruk också på andra håll.",
    "winners": ["yrittajyyspolku", "kuntapaikat"],
}


def organisation_seed(row: tuple) -> Organisation:
    """The demo organisation of one ORGANISATIONS row (also the 2015 history's rows)."""
    name, type_, business_id, municipality, region, website = row
    organisation, _created = seed_missing(
        Organisation,
        name=name,
        defaults={
            "type": type_,
            "business_id": business_id,
            # An official municipality code, NATIONWIDE or None (core.municipalities).
            "municipality_id": None if municipality in (None, NATIONWIDE) else municipality,
            "nationwide": municipality == NATIONWIDE,
            "region": region,
            "website": website,
        },
    )
    return organisation


def status_history_seed(entry: Entry) -> None:
    """A demo entry's audit history: submitted, then its status now (once, never repeated)."""
    if audit_history(entry).exists():
        return
    audit_record(
        action=AuditEvent.Action.SUBMITTED,
        obj=entry,
        actor_label="submitter",
        after={"status": Entry.Status.SUBMITTED},
    )
    if entry.status != Entry.Status.SUBMITTED:
        audit_record(
            action=STATUS_ACTIONS[entry.status],
            obj=entry,
            before={"status": Entry.Status.SUBMITTED},
            after={"status": entry.status},
            note="Demo content",
        )


def _organisation(key: str) -> Organisation:
    return organisation_seed(ORGANISATIONS[key])


def _entry(data: dict, campaigns: dict[str, Campaign], now) -> Entry:
    organisation = _organisation(data["org"])
    campaign = campaigns[data["campaign"]]
    submission, _created = seed_missing(
        Submission,
        contact_email=f"demo-{data['key']}@example.fi",
        defaults={
            "organisation": organisation,
            "campaign": campaign,
            "contact_name": "Maija Esimerkki" if data["lang"] == "fi" else "Stina Exempel",
            "language": data["lang"],
            "consent_to_publish": data["consent"],
            "consent_given_at": campaign.opens_at + timedelta(days=3) if data["consent"] else None,
            "consent_text_version": CONSENT_TEXT_VERSION if data["consent"] else "",
            "contact_confirmed_at": campaign.opens_at + timedelta(days=3),
        },
    )
    model = Initiative if data["kind"] == "initiative" else Pledge
    fields = {
        "organisation": organisation,
        "campaign": campaign,
        "original_language": data["lang"],
        "status": data["status"],
        "selected": data.get("selected", False),
        "published_at": campaign.opens_at + timedelta(days=7) if data["status"] == P else None,
        "title_fi": data["title"][0],
        "title_sv": data["title"][1],
        "text_fi": data["text"][0],
        "text_sv": data["text"][1],
    }
    if model is Initiative:
        sought = data.get("partners_sought", ("", ""))
        fields.update(
            partners_sought_fi=sought[0],
            partners_sought_sv=sought[1],
            seeking_partners=data["seeking_partners"],
            stage=data["stage"],
        )
    entry, created = seed_missing(model, submission=submission, defaults=fields)
    if created:
        entry.themes.set(Theme.objects.filter(number__in=data["themes"]))
    status_history_seed(entry)
    for partner_key, status in data.get("partners", []):
        partner_org = _organisation(partner_key)
        seed_missing(
            Partner,
            submission=submission,
            organisation=partner_org,
            defaults={
                "contact_email": f"demo-partner-{partner_key}@example.fi",
                "status": status,
                "responded_at": None if status == Partner.Status.PENDING else now,
                "invitation": Partner.Invitation.SENT,
                "invitation_at": submission.contact_confirmed_at,
            },
        )
    return entry


def _on_the_hour(moment: datetime, hour: int) -> datetime:
    """The day of `moment` at `hour`.00 Helsinki time: real campaigns open and close at
    round times (a deadline of 18.28 would look like a bug)."""
    helsinki = ZoneInfo("Europe/Helsinki")
    day = moment.astimezone(helsinki).date()
    return datetime.combine(day, time(hour), helsinki)


@transaction.atomic
def seed() -> None:
    now = timezone.now()
    campaigns = {}
    for key, data in CAMPAIGNS.items():
        campaigns[key], _created = seed_missing(
            Campaign,
            hashtag=data["hashtag"],
            defaults={
                "name_fi": data["name_fi"],
                "name_sv": data["name_sv"],
                "description_fi": data["description_fi"],
                "description_sv": data["description_sv"],
                "opens_at": _on_the_hour(now + data["opens"], 9),
                "closes_at": _on_the_hour(now + data["closes"], 16),
            },
        )
    for key in ORGANISATIONS:
        _organisation(key)
    entries = {data["key"]: _entry(data, campaigns, now) for data in ENTRIES}
    award, created = seed_missing(
        Award,
        name_fi=AWARD["name_fi"],
        year=AWARD["year"],
        defaults={
            "name_sv": AWARD["name_sv"],
            "reasoning_fi": AWARD["reasoning_fi"],
            "reasoning_sv": AWARD["reasoning_sv"],
            "campaign": campaigns["past"],
        },
    )
    if created:
        award.pledges.set(
            [e for k, e in entries.items() if k in AWARD["winners"] and isinstance(e, Pledge)]
        )
        award.initiatives.set(
            [e for k, e in entries.items() if k in AWARD["winners"] and isinstance(e, Initiative)]
        )
