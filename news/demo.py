"""Demo news in Finnish and Swedish: news items and a press release; in one of them the
Swedish edition is published two days after the Finnish one. Keyed on the Finnish slug."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from core.seeding import seed_missing
from news.models import NewsItem
from programmes.models import ContactPerson
from themes.models import Theme

NEWS = [
    {
        "slug_fi": "kumppanuusohjelman-kampanja-alkaa",
        "kind": NewsItem.Kind.PRESS_RELEASE,
        "title_fi": "Kumppanuusohjelman uusi kampanja alkaa: organisaatiot voivat tehdä lupauksia",
        "title_sv": "Partnerskapsprogrammets nya kampanj börjar: organisationer kan ge löften",
        "lead_fi": "Kunnat, järjestöt ja yritykset voivat nyt kertoa, miten ne edistävät "
        "kotoutumista omassa toiminnassaan.",
        "lead_sv": "Kommuner, organisationer och företag kan nu berätta hur de främjar "
        "integrationen i sin egen verksamhet.",
        "body_fi": "Kampanja on avoinna kuusi viikkoa. Lupaukset julkaistaan portaalissa, ja "
        "niistä kootaan esimerkkejä muille.\n\nLupauksen voi tehdä yksin tai yhdessä "
        "kumppanien kanssa.",
        "body_sv": "Kampanjen pågår i sex veckor. Löftena publiceras i portalen och exempel "
        "sammanställs för andra.\n\nEtt löfte kan ges ensam eller tillsammans med partner.",
        "fi_days": -3,
        "sv_days": -1,
        "themes": [1, 5],
    },
    {
        "slug_fi": "kumppanuusbarometrin-tulokset",
        "kind": NewsItem.Kind.NEWS,
        "title_fi": "Kumppanuusbarometri: yhteistyö kotoutumisen edistämiseksi on lisääntynyt",
        "title_sv": "Partnerskapsbarometern: samarbetet för att främja integration har ökat",
        "lead_fi": "Yhä useampi organisaatio tekee kotoutumistyötä yhdessä muiden kanssa.",
        "lead_sv": "Allt fler organisationer arbetar med integration tillsammans med andra.",
        "body_fi": "Barometriin vastasi yli kaksisataa organisaatiota eri puolilta Suomea.",
        "body_sv": "Över tvåhundra organisationer från olika delar av Finland svarade på "
        "barometern.",
        "fi_days": -14,
        "sv_days": -14,
        "themes": [4],
    },
    {
        "slug_fi": "syksyn-tapahtumat-julkaistu",
        "kind": NewsItem.Kind.NEWS,
        "title_fi": "Kauden tapahtumat on julkaistu",
        "title_sv": "Säsongens evenemang har publicerats",
        "lead_fi": "Infotilaisuuksiin, webinaareihin ja työpajoihin voi nyt ilmoittautua.",
        "lead_sv": "Nu kan man anmäla sig till informationsmöten, webbinarier och verkstäder.",
        "body_fi": "Tapahtumat löytyvät tapahtumasivulta, ja niitä voi seurata myös "
        "kalenterisovelluksessa.",
        "body_sv": "Evenemangen finns på evenemangssidan och kan också följas i en kalenderapp.",
        "fi_days": -30,
        "sv_days": -30,
        "themes": [2],
    },
    {
        "slug_fi": "lasten-harrastukset-hyva-kaytanto",
        "kind": NewsItem.Kind.NEWS,
        "title_fi": "Hyvä käytäntö: harrastuspassi avaa ovia lapsille",
        "title_sv": "God praxis: fritidspasset öppnar dörrar för barn",
        "lead_fi": "Kunnan ja urheiluseurojen yhteinen harrastuspassi on tavoittanut satoja "
        "lapsia.",
        "lead_sv": "Kommunens och idrottsföreningarnas gemensamma fritidspass har nått "
        "hundratals barn.",
        "body_fi": "Harrastuspassilla lapsi voi kokeilla useita lajeja maksutta.",
        "body_sv": "Med fritidspasset kan ett barn pröva flera grenar avgiftsfritt.",
        "fi_days": -45,
        "sv_days": -43,
        "themes": [2],
    },
]


@transaction.atomic
def seed() -> None:
    helsinki = timezone.get_default_timezone()
    today = timezone.localdate()
    themes = {theme.number: theme for theme in Theme.objects.all()}
    contacts = list(ContactPerson.objects.order_by("position", "name")[:1])
    for data in NEWS:
        fields = {
            key: value
            for key, value in data.items()
            if key not in {"slug_fi", "fi_days", "sv_days", "themes"}
        }
        fields["published_fi"] = datetime.combine(
            today + timedelta(days=data["fi_days"]), time(9, 0), helsinki
        )
        fields["published_sv"] = datetime.combine(
            today + timedelta(days=data["sv_days"]), time(9, 0), helsinki
        )
        item, _created = seed_missing(NewsItem, slug_fi=data["slug_fi"], defaults=fields)
        if _created:
            item.themes.set([themes[number] for number in data["themes"] if number in themes])
            item.contacts.set(contacts)
