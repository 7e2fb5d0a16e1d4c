"""Demo content for the five themes: longer descriptions in Finnish and Swedish.

The themes themselves, with their official names, slugs and summaries, come from the data
migration `themes/0002_the_five_themes`; this module only fills in the descriptions and
never touches the official texts.
"""

from django.db import transaction
from django.utils import translation

from core.seeding import seed_missing
from themes.models import Theme

# Paragraphs are separated by a blank line; the theme page renders them with `linebreaks`.
DESCRIPTIONS: dict[int, tuple[str, str]] = {
    1: (
        "Työ, opiskelupaikka tai harjoittelu on monelle Suomeen muuttaneelle tärkein reitti "
        "osaksi uutta kotimaata. Tämän teeman kumppanit etsivät tapoja tunnistaa aiemmin "
        "hankittu osaaminen nopeasti ja yhdistää kielen oppiminen työn tekemiseen.\n\n"
        "Rakennusyritys voi esimerkiksi järjestää suomen opetusta suoraan työmaalla, kunnan "
        "työllisyyspalvelut ja paikallinen yrittäjäyhdistys voivat pitää yhteisiä "
        "rekrytointipäiviä, ja kansalaisopisto voi koota kurssin jonkin alan "
        "ammattisanastosta. Järjestöjen vapaaehtoiset mentorit kertovat työnhakijalle "
        "työelämän kirjoittamattomista säännöistä ja esittelevät omia verkostojaan.\n\n"
        "Kun malli toimii yhdellä paikkakunnalla, kumppanit kertovat siitä muille, jotta "
        "sama ratkaisu voidaan ottaa käyttöön muuallakin.",
        "Ett arbete, en studieplats eller en praktikplats är för många som flyttat till "
        "Finland den viktigaste vägen in i det nya hemlandet. Partnerna inom detta tema söker "
        "sätt att snabbt känna igen kunnande som skaffats tidigare och att förena "
        "språkinlärning med arbete.\n\n"
        "Ett byggföretag kan till exempel ordna undervisning i finska eller svenska direkt på "
        "bygget, kommunens sysselsättningstjänster och den lokala företagarföreningen kan "
        "hålla gemensamma rekryteringsdagar, och ett medborgarinstitut kan sätta ihop en kurs "
        "i fackspråket för en bransch. Frivilliga mentorer från organisationerna berättar "
        "för arbetssökande om arbetslivets oskrivna regler och presenterar sina egna "
        "nätverk.\n\n"
        "När en modell fungerar på en ort berättar partnerna om den för andra, så att samma "
        "lösning kan tas i bruk också på andra håll.",
    ),
    2: (
        "Kotoutuminen koskee koko perhettä. Lapset oppivat kielen usein nopeasti "
        "varhaiskasvatuksessa ja koulussa, joten vanhemmat tarvitsevat omat polkunsa, ettei "
        "perheen jäsenten arki ala kulkea eri tahtiin.\n\n"
        "Kumppanit voivat esimerkiksi tarjota urheiluseuran harjoitusvuoroja maksutta "
        "vastikään muuttaneille nuorille, järjestää koulun kanssa vanhempainiltoja tulkin "
        "avulla tai perustaa kirjastoon perheiden lukupiirin, jossa luetaan sekä suomeksi "
        "että perheen omalla kielellä.\n\n"
        "Nuorille tärkeitä ovat myös kesätyöpaikat, tukioppilastoiminta ja luotettavat "
        "aikuiset koulupäivän ulkopuolella.",
        "Integrationen gäller hela familjen. Barnen lär sig ofta språket snabbt inom "
        "småbarnspedagogiken och i skolan, och därför behöver föräldrarna egna vägar framåt "
        "så att familjemedlemmarnas vardag inte börjar gå i olika takt.\n\n"
        "Partnerna kan till exempel erbjuda nyinflyttade unga avgiftsfria träningstider i en "
        "idrottsförening, ordna föräldramöten med tolk tillsammans med skolan eller starta "
        "en läsecirkel för familjer på biblioteket där man läser växelvis på finska eller "
        "svenska och på familjens eget språk.\n\n"
        "För de unga är också sommarjobb, stödelevsverksamhet och pålitliga vuxna utanför "
        "skoldagen viktiga.",
    ),
    3: (
        "Kun kunta ottaa vastaan kansainvälistä suojelua saavia ihmisiä, ensimmäiset "
        "kuukaudet ratkaisevat paljon. Asunto, terveyspalvelut, kielikoulutus ja tutut "
        "ihmiset uudella asuinpaikalla luovat pohjan, jolta elämää voi ryhtyä rakentamaan "
        "uudelleen.\n\n"
        "Teeman kumppaneita ovat kunnat, hyvinvointialueet, seurakunnat, järjestöt ja "
        "tavalliset asukkaat. Ystävätoiminta voi tutustuttaa tulijan paikalliseen perheeseen, "
        "vapaaehtoiset voivat auttaa kodin kalustamisessa ja asiointikäynneillä, ja kunta voi "
        "kutsua kaikki toimijat säännöllisiin verkostotapaamisiin.\n\n"
        "Etukäteen sovitut roolit auttavat myös silloin, kun tulijoita saapuu lyhyessä ajassa "
        "tavallista enemmän.",
        "När en kommun tar emot personer som får internationellt skydd avgör de första "
        "månaderna mycket. En bostad, hälsovårdstjänster, språkutbildning och bekanta "
        "människor på den nya orten lägger grunden för att börja bygga upp livet på nytt.\n\n"
        "Partner inom temat är kommuner, välfärdsområden, församlingar, organisationer och "
        "vanliga invånare. Vänverksamhet kan föra samman en nykomling och en lokal familj, "
        "frivilliga kan hjälpa till att möblera hemmet och följa med vid ärenden, och "
        "kommunen kan bjuda in alla aktörer till regelbundna nätverksträffar.\n\n"
        "Roller som har avtalats i förväg hjälper också när fler än vanligt kommer under en "
        "kort tid.",
    ),
    4: (
        "Suomeen muuttaneet perustavat yrityksiä, tuovat mukanaan kansainvälisiä verkostoja "
        "ja huomaavat markkinoita, jotka muilta ovat jääneet näkemättä. Teema kokoaa yhteen "
        "toimijat, jotka haluavat helpottaa yrittäjäksi ryhtymistä ja hyödyntää "
        "monikielisyyttä liiketoiminnassa.\n\n"
        "Uusyrityskeskus voi neuvoa yrityksen perustajia useilla kielillä, kauppakamari voi "
        "kutsua maahanmuuttajataustaisia yrittäjiä verkostoitumistilaisuuksiinsa ja pankki "
        "voi selittää rahoituksen ehdot selkokielellä. Yritykset ja oppilaitokset voivat "
        "myös kehittää yhdessä palveluja, joissa eri kulttuurien tuntemus on vahvuus.\n\n"
        "Onnistuneista kokeiluista voi kasvaa pysyviä toimintatapoja, kun niistä kerrotaan "
        "avoimesti.",
        "Personer som flyttat till Finland grundar företag, tar med sig internationella "
        "nätverk och ser marknader som andra har missat. Temat samlar aktörer som vill göra "
        "det lättare att bli företagare och ta vara på flerspråkigheten i affärslivet.\n\n"
        "En nyföretagarcentral kan ge råd till blivande företagare på flera språk, en "
        "handelskammare kan bjuda in företagare med invandrarbakgrund till sina "
        "nätverksträffar och en bank kan förklara villkoren för finansiering på lättläst "
        "språk. Företag och läroanstalter kan också tillsammans utveckla tjänster där "
        "kännedom om olika kulturer är en styrka.\n\n"
        "Lyckade försök kan växa till bestående arbetssätt när man berättar öppet om dem.",
    ),
    5: (
        "Kotoutuminen on kaksisuuntainen prosessi, joka vaatii avoimuutta myös "
        "vastaanottavalta yhteiskunnalta. Tämän teeman kumppanit sitoutuvat asialliseen "
        "keskusteluun ja puuttuvat rasismiin ja syrjintään aina, kun sitä kohtaavat.\n\n"
        "Työnantaja voi kouluttaa esihenkilöitä tunnistamaan syrjiviä käytäntöjä "
        "rekrytoinnissa, oppilaitos voi laatia opiskelijoiden kanssa selkeät toimintaohjeet "
        "häirintätilanteisiin ja uskonnolliset yhdyskunnat voivat järjestää kohtaamisia eri "
        "taustoista tuleville asukkaille. Paikallismedia ja järjestöt voivat antaa "
        "puheenvuoron maahanmuuttajille itselleen.\n\n"
        "Jokainen organisaatio voi aloittaa omasta toiminnastaan ja näyttää siten esimerkkiä "
        "muille.",
        "Integration är en process i två riktningar som också kräver öppenhet av det "
        "mottagande samhället. Partnerna inom detta tema förbinder sig till ett sakligt samtal "
        "och ingriper mot rasism och diskriminering varje gång de stöter på den.\n\n"
        "En arbetsgivare kan utbilda chefer i att känna igen diskriminerande praxis vid "
        "rekrytering, en läroanstalt kan tillsammans med de studerande skriva tydliga "
        "anvisningar för situationer med trakasserier och religiösa samfund kan ordna möten "
        "för invånare med olika bakgrund. Lokala medier och organisationer kan ge ordet åt "
        "invandrarna själva.\n\n"
        "Varje organisation kan börja med sin egen verksamhet och på så sätt föregå med gott "
        "exempel.",
    ),
}


class ThemesMissing(LookupError):
    """The official themes are not in the database (the data migration has not run)."""


@transaction.atomic
def seed() -> None:
    """Write the demo descriptions of the five themes, in Finnish and Swedish.

    Idempotent. Never creates a theme: a theme without its official names would be wrong,
    so a missing one is an error (run `manage.py migrate`).
    """
    present = set(Theme.objects.filter(number__in=DESCRIPTIONS).values_list("number", flat=True))
    missing = sorted(set(DESCRIPTIONS) - present)
    if missing:
        raise ThemesMissing(f"themes {missing} are missing; run `manage.py migrate` first")

    # The untranslated column mirrors Finnish, the default language, as in the migration.
    with translation.override("fi"):
        for number, (text_fi, text_sv) in DESCRIPTIONS.items():
            seed_missing(
                Theme,
                number=number,
                defaults={
                    "description": text_fi,
                    "description_fi": text_fi,
                    "description_sv": text_sv,
                },
            )
