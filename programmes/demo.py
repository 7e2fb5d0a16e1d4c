"""Demo content for the programme page: the programme, its goals, umbrella themes,
publications and contact persons, in Finnish and Swedish.

Everything is keyed on a natural key, so seeding twice leaves the same rows. The contact
persons are fictional (example.fi addresses); the publication links are searches on the
government's publication repository rather than guessed handles.
"""

from django.db import transaction
from django.utils import translation

from core.seeding import seed_missing
from programmes.models import (
    AnnualTheme,
    ContactPerson,
    Goal,
    Programme,
    Publication,
    RelatedProgramme,
)

PUBLICATIONS_URL = "https://julkaisut.valtioneuvosto.fi/discover"

PROGRAMME = {
    "name": (
        "Kotouttamisen kumppanuusohjelma",
        "Partnerskapsprogrammet för integrationsfrämjande",
    ),
    "summary": (
        "Kotouttamisen kumppanuusohjelma kokoaa kunnat, järjestöt, maahanmuuttajien omat "
        "yhdistykset, yritykset, uskonnolliset yhdyskunnat ja oppilaitokset tukemaan "
        "kotoutumista yhdessä ja monesta suunnasta. Ohjelmaa koordinoi työ- ja "
        "elinkeinoministeriö.",
        "Partnerskapsprogrammet för integrationsfrämjande för samman kommuner, "
        "organisationer, invandrarnas egna föreningar, företag, religiösa samfund och "
        "läroanstalter för att stödja integrationen gemensamt och från många håll. "
        "Arbets- och näringsministeriet samordnar programmet.",
    ),
    "description": (
        "Viranomaisten palvelut ovat kotoutumisen perusta, mutta arjessa ratkaisevat usein "
        "kohtaamiset työpaikalla, harrastuksissa ja naapurustossa. Kumppanuusohjelma tuo "
        "näkyviin sen, mitä eri organisaatiot jo tekevät, ja auttaa niitä löytämään "
        "toisensa.\n\n"
        "Ohjelma syntyi vuoden 2015 kampanjasta, jossa organisaatiot kertoivat lupauksistaan "
        "ja aloitteistaan, ja sitä työstettiin saman syksyn teematyöpajoissa noin 300 "
        "osallistujan voimin. Vuonna 2016 julkaistu ohjelma rakentuu viiden teeman "
        "ympärille.\n\n"
        "Nykyään kumppanuusohjelma järjestää koulutuksia, webinaareja ja "
        "verkostotapaamisia, lähettää uutiskirjettä ja selvittää kumppanuusbarometrilla, "
        "miten yhteistyö sujuu. Näin se vie valtion kotouttamisohjelmaa käytäntöön.",
        "Myndigheternas tjänster är grunden för integrationen, men i vardagen är det ofta "
        "mötena på arbetsplatsen, på fritiden och i grannskapet som avgör. "
        "Partnerskapsprogrammet synliggör det som olika organisationer redan gör och hjälper "
        "dem att hitta varandra.\n\n"
        "Programmet växte fram ur en kampanj 2015 där organisationer berättade om sina löften "
        "och initiativ, och det bearbetades samma höst i temaverkstäder med ett trehundratal "
        "deltagare. Programmet, som gavs ut 2016, är uppbyggt kring fem teman.\n\n"
        "I dag ordnar partnerskapsprogrammet utbildningar, webbinarier och nätverksträffar, "
        "skickar ut ett nyhetsbrev och tar med partnerskapsbarometern reda på hur samarbetet "
        "fungerar. På så sätt omsätter det statens program för integrationsfrämjande i "
        "praktiken.",
    ),
    "coordinator": ("Työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet"),
    "url": (
        f"{PUBLICATIONS_URL}?query=Kotouttamisen+kumppanuusohjelma",
        f"{PUBLICATIONS_URL}?query=Kotouttamisen+kumppanuusohjelma&locale-attribute=sv",
    ),
}

RELATED_PROGRAMME = {
    "name": ("Valtion kotouttamisohjelma", "Statens program för integrationsfrämjande"),
    "url": (
        f"{PUBLICATIONS_URL}?query=Valtion+kotouttamisohjelma",
        f"{PUBLICATIONS_URL}?query=Valtion+kotouttamisohjelma&locale-attribute=sv",
    ),
}

# Position -> (fi, sv).
GOALS: dict[int, tuple[str, str]] = {
    1: (
        "Tunnistaa uusia, ruohonjuuritasolla syntyviä ideoita yhteistyöstä ja kumppanuuksista.",
        "Upptäcka nya idéer om samarbete och partnerskap som växer fram på gräsrotsnivå.",
    ),
    2: (
        "Levittää käytännössä toimiviksi osoittautuneita työtapoja uusille paikkakunnille ja "
        "organisaatioille.",
        "Sprida arbetssätt som visat sig fungera i praktiken till nya orter och organisationer.",
    ),
    3: (
        "Saada mukaan uusia toimijoita ja näyttää, että kotoutumista voi edistää monella eri "
        "tavalla.",
        "Få med nya aktörer och visa att integrationen kan främjas på många olika sätt.",
    ),
    4: (
        "Antaa organisaatioille virikkeitä, kun ne suunnittelevat toimintaansa tai hakevat "
        "rahoitusta hankkeilleen.",
        "Ge organisationer uppslag när de planerar sin verksamhet eller söker finansiering "
        "för sina projekt.",
    ),
    5: (
        "Vahvistaa vapaaehtoistyötä osana kotoutumisen tukemista.",
        "Stärka frivilligarbetet som en del av stödet för integrationen.",
    ),
}

# Year -> {field: (fi, sv)}.
ANNUAL_THEMES: dict[int, dict[str, tuple[str, str]]] = {
    2019: {
        "title": ("Tasa-arvo", "Jämställdhet"),
        "description": (
            "Vuoden 2019 kattoteema nosti esiin sukupuolten tasa-arvon kotoutumisessa. "
            "Kumppaneita kannustettiin tavoittamaan erityisesti kotona lapsia hoitavat äidit, "
            "joiden matka koulutukseen ja työhön on usein muita pidempi, ja huolehtimaan "
            "siitä, että tytöillä ja pojilla on samat mahdollisuudet opiskella ja harrastaa.",
            "Paraplytemat för 2019 lyfte fram jämställdheten mellan könen i integrationen. "
            "Partnerna uppmuntrades att särskilt nå mammor som tar hand om barnen hemma och "
            "vars väg till utbildning och arbete ofta är längre än andras, och att se till att "
            "flickor och pojkar har samma möjligheter att studera och ha fritidsintressen.",
        ),
    },
    2025: {
        "title": (
            "Kumppanuudet kunnan kotoutumisohjelmassa",
            "Partnerskap i kommunens integrationsprogram",
        ),
        "description": (
            "Vuoden 2025 alusta kunnat vastaavat aiempaa laajemmin kotoutumisen alkuvaiheen "
            "palveluista. Kattoteema kannusti kuntia ottamaan järjestöt, yritykset ja "
            "maahanmuuttajien omat yhdistykset mukaan kotoutumisohjelman suunnitteluun ja "
            "toteutukseen, jotta palvelut ja vapaaehtoistoiminta tukevat toisiaan.",
            "Från början av 2025 ansvarar kommunerna i större utsträckning än tidigare för de "
            "inledande integrationstjänsterna. Paraplytemat uppmuntrade kommunerna att ta med "
            "organisationer, företag och invandrarnas egna föreningar i planeringen och "
            "genomförandet av integrationsprogrammet, så att tjänsterna och "
            "frivilligverksamheten stöder varandra.",
        ),
    },
    2026: {
        "title": ("Kieli avaa ovia", "Språket öppnar dörrar"),
        "description": (
            "Vuoden 2026 kattoteema keskittyy kielen oppimiseen arjessa. Kursseja tarvitaan, "
            "mutta kieli tarttuu parhaiten, kun sitä pääsee käyttämään työpaikalla, "
            "harrastuksissa ja naapurien kanssa. Kumppaneita haastetaan luomaan tilaisuuksia "
            "puhua suomea tai ruotsia keskeneräisenäkin ja muistamaan, että kumpikin "
            "kansalliskieli on väylä suomalaiseen yhteiskuntaan.",
            "Paraplytemat för 2026 handlar om att lära sig språk i vardagen. Kurser behövs, "
            "men språket fastnar bäst när man får använda det på arbetsplatsen, på fritiden "
            "och med grannarna. Partnerna utmanas att skapa tillfällen att tala finska eller "
            "svenska, också när språket ännu är ofullständigt, och att minnas att båda "
            "nationalspråken är vägar in i det finländska samhället.",
        ),
    },
}

PUBLICATIONS: list[dict] = [
    {
        # The programme publication itself exists only in Finnish; the site adds the note.
        "title": (
            "Kotouttamisen kumppanuusohjelma",
            "Partnerskapsprogrammet för integrationsfrämjande",
        ),
        "url": PROGRAMME["url"],
        "year": 2016,
        "in_finnish": True,
        "in_swedish": False,
        "in_english": False,
    },
    {
        "title": (
            "Valtion kotouttamisohjelma vuosille 2016–2019",
            "Statens program för integrationsfrämjande för åren 2016–2019",
        ),
        "url": RELATED_PROGRAMME["url"],
        "year": 2016,
        "in_finnish": True,
        "in_swedish": True,
        "in_english": False,
    },
    {
        "title": ("Kumppanuusbarometri 2024", "Partnerskapsbarometer 2024"),
        "url": (
            f"{PUBLICATIONS_URL}?query=Kumppanuusbarometri",
            f"{PUBLICATIONS_URL}?query=Partnerskapsbarometer&locale-attribute=sv",
        ),
        "year": 2025,
        "in_finnish": True,
        "in_swedish": True,
        "in_english": True,
    },
]

MINISTRY = ("Työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet")
COMPETENCE_CENTRE = (
    "Kotoutumisen osaamiskeskus",
    "Kompetenscentret för integration av invandrare",
)

# Fictional people; the numbers follow the ministry's +358 29 5xx xxxx pattern.
CONTACT_PERSONS: list[dict] = [
    {
        "email": "ilona.esimerkki@example.fi",
        "name": "Ilona Esimerkki",
        "phone": "+358 29 500 0101",
        "title": ("Erityisasiantuntija", "Specialsakkunnig"),
        "organisation": MINISTRY,
    },
    {
        "email": "johan.exempelsson@example.fi",
        "name": "Johan Exempelsson",
        "phone": "+358 29 500 0102",
        "title": ("Neuvotteleva virkamies", "Konsultativ tjänsteman"),
        "organisation": MINISTRY,
    },
    {
        "email": "noora.malli@example.fi",
        "name": "Noora Malli",
        "phone": "+358 29 500 0103",
        "title": ("Kumppanuuskoordinaattori", "Partnerskapskoordinator"),
        "organisation": COMPETENCE_CENTRE,
    },
]


def bilingual(**fields: tuple[str, str]) -> dict[str, str]:
    """Both language columns of each translated field, and the untranslated column.

    The untranslated column mirrors Finnish, the default language, as the themes' data
    migration does; `seed()` runs under `translation.override("fi")` so that
    modeltranslation writes the same value to it.
    """
    values: dict[str, str] = {}
    for name, (text_fi, text_sv) in fields.items():
        values.update({name: text_fi, f"{name}_fi": text_fi, f"{name}_sv": text_sv})
    return values


@transaction.atomic
def seed() -> None:
    """Create what is missing of the demo programme and everything its page shows."""
    with translation.override("fi"):
        related, _ = seed_missing(
            RelatedProgramme,
            name_fi=RELATED_PROGRAMME["name"][0],
            defaults=bilingual(**RELATED_PROGRAMME),
        )
        programme, _ = seed_missing(
            Programme, name_fi=PROGRAMME["name"][0], defaults=bilingual(**PROGRAMME)
        )
        # add() keeps any other supported programme that staff have linked; skipping it when
        # the link exists spares the through table's id sequence an ignored insert.
        if not programme.supports.filter(pk=related.pk).exists():
            programme.supports.add(related)

        for position, text in GOALS.items():
            seed_missing(
                Goal, programme=programme, position=position, defaults=bilingual(text=text)
            )

        for year, texts in ANNUAL_THEMES.items():
            seed_missing(AnnualTheme, programme=programme, year=year, defaults=bilingual(**texts))

        for data in PUBLICATIONS:
            seed_missing(
                Publication,
                programme=programme,
                title_fi=data["title"][0],
                defaults={
                    **bilingual(title=data["title"], url=data["url"]),
                    "year": data["year"],
                    "in_finnish": data["in_finnish"],
                    "in_swedish": data["in_swedish"],
                    "in_english": data["in_english"],
                },
            )

        for position, data in enumerate(CONTACT_PERSONS, start=1):
            seed_missing(
                ContactPerson,
                email=data["email"],
                defaults={
                    **bilingual(title=data["title"], organisation=data["organisation"]),
                    "programme": programme,
                    "position": position,
                    "name": data["name"],
                    "phone": data["phone"],
                },
            )
