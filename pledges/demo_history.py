"""Demo content for the programme's history: the 2015 campaign where it all began.

The ministry asked organisations in October 2015 to pledge or to propose an initiative, alone
or with others, by 16 November 2015 under the hashtag #kotolupaus; the entries were assessed,
the selected ones joined the partnership programme and the best were awarded. This module
seeds that closed campaign with its own (fictional) organisations, entries and awards, beside
the current campaigns of `pledges.demo`.

Seeding creates only what is missing (core.seeding.seed_missing): a row that exists keeps
what staff have changed in it; a deleted row comes back.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from core.municipalities import NATIONWIDE
from core.seeding import seed_missing
from pledges.demo import organisation_seed, status_history_seed
from pledges.models import (
    Award,
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
)
from pledges.services import CONSENT_TEXT_VERSION
from programmes.models import Campaign
from themes.models import Theme

HELSINKI = ZoneInfo("Europe/Helsinki")
T = Organisation.Type
P = Entry.Status.PUBLISHED

CAMPAIGN_2015 = {
    "hashtag": "kotolupaus",
    "name_fi": "Kotoutumisen yhteistyökampanja 2015",
    "name_sv": "Samarbetskampanjen för integration 2015",
    "description_fi": (
        "Työ- ja elinkeinoministeriö pyysi syksyllä 2015 järjestöjä, yrityksiä, kuntia, "
        "viranomaisia, uskonnollisia yhteisöjä ja oppilaitoksia kertomaan, miten ne voivat "
        "tukea maahanmuuttajien kotoutumista. Lupauksen tai aloitteen sai jättää yksin tai "
        "yhdessä muiden kanssa 16. marraskuuta 2015 asti, ja julkaistuja lupauksia jaettiin "
        "tunnisteella #kotolupaus. Lupaukset ja aloitteet arvioitiin, valitut liitettiin "
        "kotouttamisen kumppanuusohjelmaan ja parhaat palkittiin."
    ),
    "description_sv": (
        "Hösten 2015 bad arbets- och näringsministeriet organisationer, företag, kommuner, "
        "myndigheter, religiösa samfund och läroanstalter berätta hur de kan stödja "
        "integrationen av invandrare. Ett löfte eller ett initiativ kunde lämnas ensam eller "
        "tillsammans med andra senast den 16 november 2015, och publicerade löften delades "
        "under hashtaggen #kotolupaus. Löftena och initiativen bedömdes, de utvalda togs med i "
        "partnerskapsprogrammet för integrationsfrämjande och de bästa belönades."
    ),
    # The press release went out on 6 October 2015 at 10.00; the deadline was 16 November.
    "opens_at": datetime(2015, 10, 6, 10, 0, tzinfo=HELSINKI),
    "closes_at": datetime(2015, 11, 16, 16, 0, tzinfo=HELSINKI),
}

# key -> (name, type, business ID, municipality code or NATIONWIDE, region, website).
ORGANISATIONS = {
    "silta": ("Setlementti Silta ry", T.ASSOCIATION, "", "297", "pohjois-savo", ""),
    "liitto": ("Kotoutumisjärjestöjen liitto ry", T.ASSOCIATION, "", NATIONWIDE, "", ""),
    "ankkuri": ("Kahvila Ankkuri Oy", T.COMPANY, "", "609", "satakunta", ""),
    "folkhogskola": (
        "Kustens folkhögskola",
        T.EDUCATIONAL_INSTITUTION,
        "",
        "499",
        "pohjanmaa",
        "",
    ),
}

# Keys double as the contact address (demo-<key>@example.fi), the natural key of a submission.
ENTRIES = [
    {
        "kind": "pledge",
        "key": "kotolupaus-ystavaperheet",
        "org": "silta",
        "themes": [2, 3],
        "lang": "fi",
        "selected": True,
        "title": (
            "Ystäväperhe jokaiselle vastaanottokeskuksen perheelle",
            "En vänfamilj för varje familj på förläggningen",
        ),
        "text": (
            "Lupaamme etsiä kuopiolaisen ystäväperheen jokaiselle vastaanottokeskuksessa "
            "asuvalle lapsiperheelle. Perheet tapaavat kerran viikossa, käyvät yhdessä "
            "kaupassa, uimahallissa ja kirjastossa ja harjoittelevat suomea arjen lomassa. "
            "Koulutamme ystäväperheet ja tuemme heitä koko vuoden.",
            "Vi lovar att hitta en vänfamilj i Kuopio för varje barnfamilj som bor på "
            "förläggningen. Familjerna träffas en gång i veckan, går tillsammans till butiken, "
            "simhallen och biblioteket och övar finska i vardagen. Vi utbildar vänfamiljerna "
            "och stöder dem under hela året.",
        ),
    },
    {
        "kind": "pledge",
        "key": "kotolupaus-kesatyot",
        "org": "ankkuri",
        "themes": [1],
        "lang": "fi",
        "title": (
            "Kesätyöpaikka viidelle nuorelle",
            "Sommarjobb för fem unga",
        ),
        "text": (
            "Palkkaamme ensi kesänä kahviloihimme viisi maahanmuuttajataustaista nuorta. "
            "Jokainen saa hygieniapassikoulutuksen ja työkaverin, joka perehdyttää työhön.",
            "Nästa sommar anställer vi fem unga med invandrarbakgrund i våra kaféer. Var och "
            "en får utbildning för hygienpass och en arbetskamrat som introducerar arbetet.",
        ),
    },
    {
        "kind": "pledge",
        "key": "kotolupaus-kvallskurser",
        "org": "folkhogskola",
        "themes": [1, 2],
        "lang": "sv",
        "selected": True,
        "title": (
            "Ruotsin kielen iltakurssit vastatulleille",
            "Kvällskurser i svenska för nyanlända",
        ),
        "text": (
            "Kansanopisto järjestää Mustasaaressa maksuttomia ruotsin kielen iltakursseja "
            "vastatulleille aikuisille. Kursseilla opitaan arjen kieltä, ja lapsille on "
            "samaan aikaan omaa ohjelmaa.",
            "Folkhögskolan ordnar avgiftsfria kvällskurser i svenska för nyanlända vuxna i "
            "Korsholm. På kurserna lär man sig vardagsspråk, och barnen har eget program "
            "samtidigt.",
        ),
    },
    {
        "kind": "initiative",
        "key": "kotolupaus-neuvontapisteet",
        "org": "liitto",
        "themes": [3],
        "lang": "fi",
        "selected": True,
        "stage": Initiative.Stage.IMPLEMENTED,
        "title": (
            "Vapaaehtoisten neuvontapisteet vastaanottokeskuksiin",
            "Frivilliga rådgivningspunkter vid förläggningarna",
        ),
        "text": (
            "Perustamme yhdessä paikallisten järjestöjen kanssa vastaanottokeskuksiin "
            "neuvontapisteitä, joissa koulutetut vapaaehtoiset auttavat arjen asioissa: "
            "lomakkeissa, julkisessa liikenteessä ja harrastusten löytämisessä. Ensimmäiset "
            "pisteet avataan jo joulukuussa.",
            "Tillsammans med lokala organisationer grundar vi rådgivningspunkter vid "
            "förläggningarna där utbildade frivilliga hjälper till med vardagliga ärenden: "
            "blanketter, kollektivtrafiken och att hitta fritidsaktiviteter. De första "
            "punkterna öppnar redan i december.",
        ),
        "partners": ["silta"],
    },
    {
        "kind": "initiative",
        "key": "kotolupaus-harrastuskummit",
        "org": "ankkuri",
        "themes": [2],
        "lang": "fi",
        "stage": Initiative.Stage.UNDER_WAY,
        "title": ("Harrastuskummit lapsille", "Fritidsfaddrar för barn"),
        "text": (
            "Etsimme porilaisista urheiluseuroista kummeja, jotka vievät vastatulleiden "
            "perheiden lapsia harjoituksiin ja auttavat varusteiden hankinnassa.",
            "Vi söker faddrar i idrottsföreningarna i Björneborg som tar med barn från "
            "nyanlända familjer till träningarna och hjälper till att skaffa utrustning.",
        ),
        "partners": ["liitto"],
    },
]

AWARDS = [
    {
        "name_fi": "Yhteistyökampanjan paras lupaus",
        "name_sv": "Samarbetskampanjens bästa löfte",
        "reasoning_fi": (
            "Setlementti Silta toi vastaanottokeskuksen perheet ja kuopiolaiset perheet "
            "saman pöydän ääreen. Lupaus on konkreettinen, sen voi toteuttaa millä "
            "paikkakunnalla tahansa, ja se tukee sekä kielen oppimista että luottamusta."
        ),
        "reasoning_sv": (
            "Setlementti Silta förde familjerna på förläggningen och familjer i Kuopio till "
            "samma bord. Löftet är konkret, det kan förverkligas på vilken ort som helst och "
            "det stöder både språkinlärningen och förtroendet."
        ),
        "winners": ["kotolupaus-ystavaperheet"],
    },
    {
        "name_fi": "Yhteistyökampanjan paras aloite",
        "name_sv": "Samarbetskampanjens bästa initiativ",
        "reasoning_fi": (
            "Neuvontapisteet syntyivät nopeasti juuri silloin, kun turvapaikanhakijoita tuli "
            "enemmän kuin koskaan. Valtakunnallinen liitto ja paikalliset järjestöt jakoivat "
            "työn niin, että vapaaehtoiset saivat koulutuksen ja tuen."
        ),
        "reasoning_sv": (
            "Rådgivningspunkterna kom till snabbt, just när fler asylsökande än någonsin kom "
            "till landet. Ett riksomfattande förbund och lokala organisationer delade upp "
            "arbetet så att de frivilliga fick utbildning och stöd."
        ),
        "winners": ["kotolupaus-neuvontapisteet"],
    },
]


def _organisation(key: str) -> Organisation:
    return organisation_seed(ORGANISATIONS[key])


def _entry(data: dict, campaign: Campaign) -> Entry:
    organisation = _organisation(data["org"])
    submitted = campaign.opens_at + timedelta(days=10)
    submission, _created = seed_missing(
        Submission,
        contact_email=f"demo-{data['key']}@example.fi",
        defaults={
            "organisation": organisation,
            "campaign": campaign,
            "contact_name": "Maija Esimerkki" if data["lang"] == "fi" else "Stina Exempel",
            "language": data["lang"],
            "consent_to_publish": True,
            "consent_given_at": submitted,
            "consent_text_version": CONSENT_TEXT_VERSION,
            "contact_confirmed_at": submitted,
        },
    )
    model = Initiative if data["kind"] == "initiative" else Pledge
    fields = {
        "organisation": organisation,
        "campaign": campaign,
        "original_language": data["lang"],
        "status": P,
        "selected": data.get("selected", False),
        # Published after the assessment, before the programme came out in spring 2016.
        "published_at": campaign.closes_at + timedelta(days=30),
        "title_fi": data["title"][0],
        "title_sv": data["title"][1],
        "text_fi": data["text"][0],
        "text_sv": data["text"][1],
    }
    if model is Initiative:
        fields.update(seeking_partners=False, stage=data["stage"])
    entry, created = seed_missing(model, submission=submission, defaults=fields)
    if created:
        entry.themes.set(Theme.objects.filter(number__in=data["themes"]))
    status_history_seed(entry)
    for partner_key in data.get("partners", []):
        seed_missing(
            Partner,
            submission=submission,
            organisation=_organisation(partner_key),
            defaults={
                "contact_email": f"demo-partner-{partner_key}@example.fi",
                "status": Partner.Status.CONFIRMED,
                "responded_at": submitted + timedelta(days=2),
                "invitation": Partner.Invitation.SENT,
                "invitation_at": submitted,
            },
        )
    return entry


@transaction.atomic
def seed() -> None:
    """Create what is missing of the 2015 campaign, its entries and awards."""
    campaign, _created = seed_missing(
        Campaign,
        hashtag=CAMPAIGN_2015["hashtag"],
        defaults={name: value for name, value in CAMPAIGN_2015.items() if name != "hashtag"},
    )
    entries = {data["key"]: _entry(data, campaign) for data in ENTRIES}
    for data in AWARDS:
        award, created = seed_missing(
            Award,
            name_fi=data["name_fi"],
            year=2015,
            defaults={
                "name_sv": data["name_sv"],
                "reasoning_fi": data["reasoning_fi"],
                "reasoning_sv": data["reasoning_sv"],
                "campaign": campaign,
            },
        )
        if created:
            winners = [entries[key] for key in data["winners"]]
            award.pledges.set([e for e in winners if isinstance(e, Pledge)])
            award.initiatives.set([e for e in winners if isinstance(e, Initiative)])
