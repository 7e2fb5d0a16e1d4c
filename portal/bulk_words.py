"""Word lists for `portal.bulk`: aligned Finnish and Swedish phrases about integration.

Every list holds (Finnish, Swedish) pairs that say the same thing, so an entry generated in
both languages reads as a translation of itself, as real bilingual entries do. The phrases
use inflected Finnish forms (kirjastossa, kunnan kanssa, maahanmuuttajille) and Swedish
definite forms (biblioteket, kommunen, föreningen): search benchmarks need the word forms
that real texts have, not one base form per word.
"""

# Who does something: singular subjects (the Finnish verb agrees with a singular).
SUBJECTS = [
    ("Yhdistyksemme", "Vår förening"),
    ("Organisaatiomme", "Vår organisation"),
    ("Kirjasto", "Biblioteket"),
    ("Kaupunginkirjasto", "Stadsbiblioteket"),
    ("Kunta", "Kommunen"),
    ("Kaupunki", "Staden"),
    ("Seurakunta", "Församlingen"),
    ("Urheiluseura", "Idrottsföreningen"),
    ("Yrityksemme", "Vårt företag"),
    ("Kansalaisopisto", "Medborgarinstitutet"),
    ("Työväenopisto", "Arbetarinstitutet"),
    ("Ammattiopisto", "Yrkesinstitutet"),
    ("Lukio", "Gymnasiet"),
    ("Nuorisotalo", "Ungdomsgården"),
    ("Perhekeskus", "Familjecentret"),
    ("Taidemuseo", "Konstmuseet"),
    ("Kulttuurikeskus", "Kulturhuset"),
    ("Kyläyhdistys", "Byaföreningen"),
    ("Yrittäjäyhdistys", "Företagarföreningen"),
    ("Hyvinvointialue", "Välfärdsområdet"),
    ("Ystävätoiminnan ryhmä", "Gruppen för vänverksamhet"),
    ("Järjestömme", "Vår organisation"),
    ("Kotoutumispalvelujen tiimi", "Teamet för integrationstjänster"),
    ("Maahanmuuttajien yhdistys", "Invandrarföreningen"),
]

# Present tense, third person singular.
VERBS = [
    ("järjestää", "ordnar"),
    ("tarjoaa", "erbjuder"),
    ("kehittää", "utvecklar"),
    ("ylläpitää", "upprätthåller"),
    ("käynnistää", "startar"),
    ("laajentaa", "utvidgar"),
    ("suunnittelee", "planerar"),
    ("toteuttaa", "genomför"),
    ("pitää", "håller"),
    ("kokeilee", "prövar"),
]

# What is done: Finnish partitive objects.
OBJECTS = [
    ("suomen kielen kursseja", "kurser i finska"),
    ("ruotsin kielen opetusta", "undervisning i svenska"),
    ("kielikahviloita", "språkcaféer"),
    ("läksykerhoja", "läxhjälp"),
    ("työharjoittelupaikkoja", "praktikplatser"),
    ("kesätyöpaikkoja", "sommarjobb"),
    ("mentorointiohjelmia", "mentorprogram"),
    ("rekrytointitilaisuuksia", "rekryteringsdagar"),
    ("ohjattuja liikuntavuoroja", "ledda träningspass"),
    ("maksuttomia harrastuksia", "avgiftsfria fritidsaktiviteter"),
    ("lukupiirejä", "läsecirklar"),
    ("satutunteja", "sagostunder"),
    ("kulttuurikävelyjä", "kulturpromenader"),
    ("vertaistukiryhmiä", "kamratstödsgrupper"),
    ("neuvontapalveluja", "rådgivning"),
    ("digitaitojen opastusta", "handledning i digitala färdigheter"),
    ("työnhakuvalmennusta", "jobbsökarträning"),
    ("yrittäjyyskoulutusta", "utbildning i företagande"),
    ("vanhempainiltoja tulkin avulla", "föräldramöten med tolk"),
    ("ystävätoimintaa", "vänverksamhet"),
    ("keskusteluryhmiä", "diskussionsgrupper"),
    ("ammattisanaston kursseja", "kurser i fackspråk"),
    ("perhekerhoja", "familjeklubbar"),
    ("tutustumiskäyntejä työpaikoille", "studiebesök på arbetsplatser"),
    ("kokkikursseja", "matlagningskurser"),
    ("uimakouluja", "simskolor"),
    ("musiikkiryhmiä", "musikgrupper"),
    ("selkokielisiä opastuksia", "guidningar på lättläst språk"),
]

# For whom: Finnish allative.
AUDIENCES = [
    ("maahanmuuttajille", "för invandrare"),
    ("vastikään muuttaneille perheille", "för nyinflyttade familjer"),
    ("nuorille", "för unga"),
    ("maahanmuuttajanaisille", "för invandrarkvinnor"),
    ("työnhakijoille", "för arbetssökande"),
    ("ikääntyneille", "för äldre"),
    ("opiskelijoille", "för studerande"),
    ("lapsille ja heidän vanhemmilleen", "för barn och deras föräldrar"),
    ("kansainvälisille osaajille", "för internationella experter"),
    ("pakolaistaustaisille", "för personer med flyktingbakgrund"),
    ("kaikille kunnan asukkaille", "för alla invånare i kommunen"),
    ("kausityöntekijöille", "för säsongsarbetare"),
    ("yrittäjiksi aikoville", "för blivande företagare"),
    ("kotiäideille", "för hemmamammor"),
    ("koululaisille", "för skolelever"),
]

# Where: Finnish inessive and adessive, Swedish definite forms.
PLACES = [
    ("kirjastossa", "på biblioteket"),
    ("kirjaston tiloissa", "i bibliotekets lokaler"),
    ("nuorisotalolla", "på ungdomsgården"),
    ("liikuntahallissa koulupäivän jälkeen", "i idrottshallen efter skoldagen"),
    ("kaupungin keskustassa", "i stadens centrum"),
    ("kylätalolla", "i byagården"),
    ("seurakuntatalolla", "i församlingshemmet"),
    ("työpaikoilla", "på arbetsplatserna"),
    ("verkossa", "på nätet"),
    ("asukastalolla", "i invånarhuset"),
    ("kansalaisopiston luokissa", "i medborgarinstitutets klassrum"),
    ("urheilukentällä", "på idrottsplanen"),
    ("museossa", "på museet"),
    ("kulttuurikeskuksessa", "i kulturhuset"),
    ("yrityksen toimitiloissa", "i företagets lokaler"),
    ("oppilaitoksen kampuksella", "på läroanstaltens campus"),
    ("koulussa", "i skolan"),
    ("kunnan palvelupisteessä", "på kommunens servicepunkt"),
]

TIMES = [
    ("joka viikko", "varje vecka"),
    ("kahdesti kuukaudessa", "två gånger i månaden"),
    ("syksystä alkaen", "från och med hösten"),
    ("ensi keväänä", "nästa vår"),
    ("kesän ajan", "under sommaren"),
    ("koko lukuvuoden", "hela läsåret"),
    ("vuoden loppuun asti", "till slutet av året"),
    ("iltaisin", "på kvällarna"),
    ("viikonloppuisin", "på veckosluten"),
    ("kolmen vuoden ajan", "i tre år"),
    ("tammikuusta alkaen", "från och med januari"),
    ("lomien aikana", "under loven"),
]

PARTNERS = [
    ("yhdessä kunnan kanssa", "tillsammans med kommunen"),
    ("yhteistyössä kirjaston kanssa", "i samarbete med biblioteket"),
    ("yhdessä paikallisten yritysten kanssa", "tillsammans med lokala företag"),
    ("yhteistyössä seurakunnan kanssa", "i samarbete med församlingen"),
    ("yhdessä työvoimapalvelujen kanssa", "tillsammans med arbetskraftsservicen"),
    ("yhteistyössä urheiluseurojen kanssa", "i samarbete med idrottsföreningarna"),
    ("yhdessä vapaaehtoisten kanssa", "tillsammans med frivilliga"),
    ("yhteistyössä järjestöjen kanssa", "i samarbete med organisationerna"),
    ("yhdessä koulujen kanssa", "tillsammans med skolorna"),
    ("yhteistyössä hyvinvointialueen kanssa", "i samarbete med välfärdsområdet"),
]

PURPOSES = [
    (
        "jotta uudet asukkaat löytävät paikkansa yhteisössä",
        "så att nya invånare hittar sin plats i samhället",
    ),
    ("jotta kielitaito kehittyy arjessa", "så att språket utvecklas i vardagen"),
    ("jotta työllistyminen nopeutuu", "så att det går snabbare att få jobb"),
    ("jotta perheet tutustuvat toisiinsa", "så att familjerna lär känna varandra"),
    ("jotta kaikki lapset voivat harrastaa", "så att alla barn kan ha en hobby"),
    (
        "jotta ulkomailla hankittu osaaminen tunnistetaan paremmin",
        "så att kunnande från utlandet erkänns bättre",
    ),
    ("jotta kynnys hakea töitä madaltuu", "så att tröskeln att söka jobb sänks"),
    ("jotta kirjaston palvelut tulevat tutuiksi", "så att bibliotekets tjänster blir bekanta"),
    (
        "jotta nuoret saavat ensimmäisen työkokemuksensa",
        "så att de unga får sin första arbetserfarenhet",
    ),
    ("jotta yksinäisyys vähenee", "så att ensamheten minskar"),
    (
        "jotta vanhemmat voivat tukea lastensa koulunkäyntiä",
        "så att föräldrarna kan stödja barnens skolgång",
    ),
]

GOALS = [
    (
        "lisätä vuorovaikutusta eri taustaisten asukkaiden välillä",
        "öka växelverkan mellan invånare med olika bakgrund",
    ),
    ("vahvistaa maahanmuuttajien osallisuutta", "stärka invandrarnas delaktighet"),
    ("helpottaa työllistymistä", "underlätta sysselsättningen"),
    ("tukea kielen oppimista arjessa", "stödja språkinlärningen i vardagen"),
    ("tehdä kunnan palvelut tutuiksi kaikille", "göra kommunens tjänster bekanta för alla"),
    (
        "madaltaa kynnystä osallistua yhdistystoimintaan",
        "sänka tröskeln att delta i föreningsverksamhet",
    ),
    ("tuoda kulttuuri kaikkien ulottuville", "göra kulturen tillgänglig för alla"),
    (
        "löytää osaajia yritysten avoimiin tehtäviin",
        "hitta kunniga personer till företagens lediga jobb",
    ),
    ("vähentää syrjintää rekrytoinnissa", "minska diskrimineringen vid rekrytering"),
    (
        "rakentaa luottamusta viranomaisten ja asukkaiden välille",
        "bygga förtroende mellan myndigheter och invånare",
    ),
]

PARTICIPANTS = [
    ("osallistujaa", "deltagare"),
    ("vapaaehtoista", "frivilliga"),
    ("perhettä", "familjer"),
    ("nuorta", "unga"),
    ("työnhakijaa", "arbetssökande"),
    ("opiskelijaa", "studerande"),
]

EXPERIENCES = [
    ("kielikahviloista", "språkcaféerna"),
    ("mentoroinnista", "mentorskapet"),
    ("työharjoittelusta", "praktiken"),
    ("yhteisistä tapahtumista", "de gemensamma evenemangen"),
    ("perhekerhoista", "familjeklubbarna"),
    ("harrastusten kokeilusta", "att pröva på fritidsaktiviteter"),
    ("ystävätoiminnasta", "vänverksamheten"),
]

ADJECTIVES = [
    ("myönteisiä", "positiva"),
    ("rohkaisevia", "uppmuntrande"),
    ("erinomaisia", "utmärkta"),
    ("hyviä", "goda"),
    ("opettavaisia", "lärorika"),
]

WANTS = [
    (
        "jakaa kokemuksiamme muille kunnille",
        "dela med oss av våra erfarenheter till andra kommuner",
    ),
    ("löytää uusia kumppaneita", "hitta nya partner"),
    ("kutsua mukaan lisää vapaaehtoisia", "bjuda in fler frivilliga"),
    (
        "kehittää toimintaa osallistujien palautteen perusteella",
        "utveckla verksamheten utifrån deltagarnas respons",
    ),
    ("tavoittaa myös ne, jotka eivät vielä osallistu", "nå också dem som ännu inte deltar"),
    (
        "vakiinnuttaa toiminnan osaksi kunnan palveluja",
        "göra verksamheten till en fast del av kommunens tjänster",
    ),
]

COMMITMENTS = [
    ("järjestämään kielikahvilan", "ordna ett språkcafé"),
    ("tarjoamaan kaksi työharjoittelupaikkaa", "erbjuda två praktikplatser"),
    (
        "kouluttamaan henkilöstömme käyttämään selkokieltä",
        "utbilda vår personal i att använda lättläst språk",
    ),
    ("avaamaan harjoitusvuoromme kaikille lapsille", "öppna våra träningstider för alla barn"),
    (
        "kääntämään tärkeimmät ohjeemme selkosuomeksi",
        "översätta våra viktigaste anvisningar till lättläst svenska",
    ),
    (
        "palkkaamaan kesätyöntekijöitä maahanmuuttajanuorista",
        "anställa sommarjobbare bland unga invandrare",
    ),
    (
        "tarjoamaan tilojamme yhdistysten käyttöön",
        "ställa våra lokaler till föreningarnas förfogande",
    ),
    (
        "nimeämään jokaiselle uudelle työntekijälle kielikummin",
        "utse en språkfadder för varje ny anställd",
    ),
    ("lisäämään monikielisiä kirjoja kokoelmaamme", "utöka vår samling med flerspråkiga böcker"),
]

# Nominative nouns for titles.
TITLE_NOUNS = [
    ("Kielikahvila", "Språkcafé"),
    ("Läksykerho", "Läxklubb"),
    ("Työharjoitteluohjelma", "Praktikprogram"),
    ("Mentorointi", "Mentorskap"),
    ("Lukupiiri", "Läsecirkel"),
    ("Perhekerho", "Familjeklubb"),
    ("Liikuntakerho", "Idrottsklubb"),
    ("Kulttuurikävely", "Kulturpromenad"),
    ("Ystävätoiminta", "Vänverksamhet"),
    ("Työnhakuvalmennus", "Jobbsökarträning"),
    ("Digiopastus", "Digihandledning"),
    ("Rekrytointipäivä", "Rekryteringsdag"),
    ("Kesätyöhanke", "Sommarjobbsprojekt"),
    ("Yrittäjyyskoulu", "Företagarskola"),
    ("Satutunti", "Sagostund"),
    ("Vertaistukiryhmä", "Kamratstödsgrupp"),
    ("Kotoutumisen polku", "Integrationsstigen"),
    ("Kohtaamispaikka", "Mötesplats"),
    ("Kielikummitoiminta", "Språkfaddersverksamhet"),
    ("Monikielinen satutuokio", "Flerspråkig sagostund"),
    ("Uimakoulu", "Simskola"),
    ("Kokkikurssi", "Matlagningskurs"),
]

PARTNERS_SOUGHT = [
    (
        "Etsimme yrityksiä, jotka voivat tarjota harjoittelupaikkoja.",
        "Vi söker företag som kan erbjuda praktikplatser.",
    ),
    (
        "Toivomme mukaan urheiluseuroja ja nuorisotyön toimijoita.",
        "Vi hoppas att idrottsföreningar och aktörer inom ungdomsarbetet deltar.",
    ),
    (
        "Tarvitsemme tiloja kirjastosta tai asukastalolta.",
        "Vi behöver lokaler på biblioteket eller i invånarhuset.",
    ),
    ("Kaipaamme vapaaehtoisia kielikummeiksi.", "Vi behöver frivilliga som språkfaddrar."),
    (
        "Etsimme oppilaitosta, joka voi järjestää kielikoulutuksen.",
        "Vi söker en läroanstalt som kan ordna språkutbildningen.",
    ),
    (
        "Kunnan kotoutumispalvelut ovat tervetulleita mukaan.",
        "Kommunens integrationstjänster är välkomna att delta.",
    ),
]

NEWS_HEADS = [
    ("Uusi kumppani", "Ny partner"),
    ("Tiedote", "Pressmeddelande"),
    ("Ajankohtaista", "Aktuellt"),
    ("Hyvä käytäntö", "God praxis"),
    ("Palkittu", "Prisbelönt"),
    ("Haku auki", "Ansökan öppen"),
    ("Kokemuksia kentältä", "Erfarenheter från fältet"),
    ("Raportti", "Rapport"),
]

EVENT_KINDS = {
    "info": ("Infotilaisuus", "Informationsmöte"),
    "webinar": ("Webinaari", "Webbinarium"),
    "training": ("Koulutus", "Utbildning"),
    "workshop": ("Työpaja", "Verkstad"),
    "other": ("Verkostotapaaminen", "Nätverksträff"),
}

VENUES = [
    ("Pääkirjasto", "Huvudbiblioteket"),
    ("Kaupungintalo", "Stadshuset"),
    ("Kulttuurikeskus", "Kulturhuset"),
    ("Kansalaisopiston auditorio", "Medborgarinstitutets auditorium"),
    ("Seurakuntatalo", "Församlingshemmet"),
    ("Nuorisotalo", "Ungdomsgården"),
    ("Asukastalo", "Invånarhuset"),
]

STREETS = [
    ("Kirkkokatu", "Kyrkogatan"),
    ("Kauppakatu", "Handelsgatan"),
    ("Koulukatu", "Skolgatan"),
    ("Rantatie", "Strandvägen"),
    ("Asemakatu", "Stationsgatan"),
    ("Puistokatu", "Parkgatan"),
    ("Torikatu", "Torggatan"),
]

# Organisation names by type (pledges.Organisation.Type values).
ORG_ADJECTIVES = [
    ("Monikulttuurinen", "Mångkulturella"),
    ("Yhteinen", "Gemensamma"),
    ("Kansainvälinen", "Internationella"),
    ("Avoin", "Öppna"),
    ("Pohjoinen", "Norra"),
    ("Läntinen", "Västra"),
    ("Itäinen", "Östra"),
    ("Eteläinen", "Södra"),
]
ORG_ASSOCIATIONS = [
    ("Kulttuuriyhdistys", "kulturföreningen"),
    ("Naisyhdistys", "kvinnoföreningen"),
    ("Nuorisoseura", "ungdomsföreningen"),
    ("Liikuntaseura", "idrottsföreningen"),
    ("Perheyhdistys", "familjeföreningen"),
    ("Kyläyhdistys", "byaföreningen"),
    ("Ystäväseura", "vänföreningen"),
    ("Kieliyhdistys", "språkföreningen"),
]
ORG_IMMIGRANT = [
    ("Suomen ukrainalaisten yhdistys", "Ukrainska föreningen i Finland"),
    ("Somalialaisten kulttuuriyhdistys", "Somaliska kulturföreningen"),
    ("Afganistanilaisten naisten yhdistys", "Afghanska kvinnoföreningen"),
    ("Arabiankielisten perheiden yhdistys", "Föreningen för arabisktalande familjer"),
    ("Virolaisten yhdistys", "Estniska föreningen"),
    ("Vietnamilaisten yhdistys", "Vietnamesiska föreningen"),
    ("Kurdien kulttuurikeskus", "Kurdiska kulturcentret"),
]
SURNAMES = [
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lindqvist", "Nyström", "Holmberg", "Sjöberg",
    "Lindberg", "Ahmed", "Nguyen", "Ivanova", "Hassan", "Tamm",
]  # fmt: skip
FIRST_NAMES = [
    "Aino", "Eero", "Leena", "Mikko", "Sari", "Juha", "Elina", "Anna", "Johan", "Stina",
    "Erik", "Maria", "Fatima", "Ali", "Olena", "Minh", "Amina", "Kaisa", "Ville", "Linnea",
]  # fmt: skip
INDUSTRIES = [
    ("Rakennus", "Bygg"),
    ("Logistiikka", "Logistik"),
    ("Siivous", "Städ"),
    ("Hoiva", "Omsorg"),
    ("Ravintolat", "Restauranger"),
    ("Metalli", "Metall"),
    ("Konsultointi", "Konsult"),
    ("Kuljetus", "Transport"),
    ("Ohjelmisto", "Mjukvara"),
]
ORG_STATE = [
    ("Työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet"),
    ("Maahanmuuttovirasto", "Migrationsverket"),
    ("Opetushallitus", "Utbildningsstyrelsen"),
    ("Kotoutumisen osaamiskeskus", "Kompetenscentret för integration"),
    ("Työllisyysrahasto", "Sysselsättningsfonden"),
    ("Elinkeino-, liikenne- ja ympäristökeskus", "Närings-, trafik- och miljöcentralen"),
]
ORG_RELIGIOUS = [
    ("Evankelis-luterilainen seurakunta", "Evangelisk-lutherska församlingen"),
    ("Ortodoksinen seurakunta", "Ortodoxa församlingen"),
    ("Katolinen seurakunta", "Katolska församlingen"),
    ("Islamilainen yhdyskunta", "Islamiska samfundet"),
    ("Helluntaiseurakunta", "Pingstförsamlingen"),
]
ORG_EDUCATIONAL = [
    ("Kansalaisopisto", "Medborgarinstitutet"),
    ("Ammattiopisto", "Yrkesinstitutet"),
    ("Ammattikorkeakoulu", "Yrkeshögskolan"),
    ("Lukio", "Gymnasiet"),
    ("Työväenopisto", "Arbetarinstitutet"),
    ("Kesäyliopisto", "Sommaruniversitetet"),
]
ORG_OTHER = [
    ("Kyläyhteisö", "Bygemenskapen"),
    ("Asukastalo", "Invånarhuset"),
    ("Taidemuseo", "Konstmuseet"),
    ("Kaupunginkirjasto", "Stadsbiblioteket"),
    ("Nuorisotyön verkosto", "Nätverket för ungdomsarbete"),
]

AWARDS = [
    ("Vuoden kotouttamisteko", "Årets integrationsgärning"),
    ("Kumppanuuspalkinto", "Partnerskapspriset"),
    ("Kielitekopalkinto", "Språkgärningspriset"),
    ("Työllisyyspalkinto", "Sysselsättningspriset"),
]
