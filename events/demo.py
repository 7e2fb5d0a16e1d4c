"""Demo events in Finnish and Swedish: upcoming and past, of every kind, one of them full
with a waiting list, and a few registrations by fictional people (example.fi addresses).

Times are relative to today, so the upcoming events stay upcoming; rows are keyed on the
Finnish slug (events) and on event + email (registrations), so seeding twice changes nothing
but the dates.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from core.seeding import seed_missing
from events.models import Event, Registration
from themes.models import Theme

EVENTS = [
    {
        "slug_fi": "kumppanuusohjelman-infotilaisuus",
        "title_fi": "Kumppanuusohjelman infotilaisuus uusille organisaatioille",
        "title_sv": "Informationsmöte om partnerskapsprogrammet för nya organisationer",
        "description_fi": "Kerromme, miten organisaatio voi tehdä lupauksen tai aloitteen ja "
        "mitä kumppanuus käytännössä tarkoittaa. Lopuksi on aikaa kysymyksille.",
        "description_sv": "Vi berättar hur en organisation kan ge ett löfte eller ta ett "
        "initiativ och vad partnerskapet innebär i praktiken. Till sist finns tid för frågor.",
        "kind": Event.Kind.INFO_SESSION,
        "days": 12,
        "start": time(13, 0),
        "hours": 2,
        "online_url": "https://meet.example.fi/kumppanuus-info",
        "online_url_private": True,
        "in_swedish": True,
        "scope": Event.Scope.NATIONAL,
        "region": "",
        "organiser_fi": "Työ- ja elinkeinoministeriö",
        "organiser_sv": "Arbets- och näringsministeriet",
        "capacity": 100,
        "themes": [1, 5],
    },
    {
        "slug_fi": "webinaari-lasten-ja-nuorten-kotoutuminen",
        "title_fi": "Webinaari: lasten ja nuorten kotoutuminen harrastusten kautta",
        "title_sv": "Webbinarium: barns och ungas integration genom fritidsaktiviteter",
        "description_fi": "Urheiluseurat ja nuorisotyö kertovat, miten harrastukset avautuvat "
        "kaikille lapsille ja nuorille.",
        "description_sv": "Idrottsföreningar och ungdomsarbetet berättar hur fritidsaktiviteter "
        "öppnas för alla barn och unga.",
        "kind": Event.Kind.WEBINAR,
        "days": 20,
        "start": time(9, 30),
        "hours": 1.5,
        "online_url": "https://meet.example.fi/harrastukset",
        "online_url_private": False,
        "in_swedish": True,
        "scope": Event.Scope.NATIONAL,
        "region": "",
        "organiser_fi": "Kumppanuusohjelman koordinaatio",
        "organiser_sv": "Partnerskapsprogrammets koordinering",
        "capacity": None,
        "themes": [2],
    },
    {
        "slug_fi": "tyopaja-rekrytointi-vaasa",
        "title_fi": "Työpaja: monimuotoinen rekrytointi",
        "title_sv": "Verkstad: mångfaldig rekrytering",
        "description_fi": "Yrittäjät ja työllisyyspalvelut ideoivat yhdessä, miten "
        "rekrytoinnista tehdään saavutettavampaa.",
        "description_sv": "Företagare och sysselsättningstjänster funderar tillsammans på hur "
        "rekryteringen kan bli mer tillgänglig.",
        "kind": Event.Kind.WORKSHOP,
        "days": 30,
        "start": time(12, 0),
        "hours": 3,
        "place_fi": "Vaasan kaupungintalo",
        "place_sv": "Vasa stadshus",
        "address_fi": "Kaupungintalonkatu 1, Vaasa",
        "address_sv": "Stadshusgatan 1, Vasa",
        "in_swedish": True,
        "scope": Event.Scope.REGIONAL,
        "region": "pohjanmaa",
        "organiser_fi": "Esimerkkikunnan työllisyyspalvelut",
        "organiser_sv": "Exempelkommunens sysselsättningstjänster",
        "capacity": 2,
        "themes": [1, 4],
        "registrations": [
            ("Aino Esimerkki", "aino.esimerkki@example.fi", "fi", "confirmed"),
            ("Erik Exempel", "erik.exempel@example.fi", "sv", "confirmed"),
            ("Leila Malli", "leila.malli@example.fi", "fi", "waiting"),
        ],
    },
    {
        "slug_fi": "koulutus-turvapaikanhakijoiden-vastaanotto",
        "title_fi": "Koulutus: kuntien yhteistyö kansainvälistä suojelua saavien kanssa",
        "title_sv": "Utbildning: kommunernas samarbete med personer som får internationellt skydd",
        "description_fi": "Koulutus kuntien ja järjestöjen työntekijöille.",
        "description_sv": "En utbildning för anställda i kommuner och organisationer.",
        "kind": Event.Kind.TRAINING,
        "days": -20,
        "start": time(9, 0),
        "hours": 6,
        "place_fi": "Tampere-talo",
        "place_sv": "Tammerforshuset",
        "address_fi": "Yliopistonkatu 55, Tampere",
        "address_sv": "Universitetsgatan 55, Tammerfors",
        "in_swedish": False,
        "scope": Event.Scope.REGIONAL,
        "region": "pirkanmaa",
        "organiser_fi": "Kumppanuusohjelman koordinaatio",
        "organiser_sv": "Partnerskapsprogrammets koordinering",
        "capacity": 40,
        "themes": [3],
        "registrations": [("Mikko Malli", "mikko.malli@example.fi", "fi", "confirmed")],
    },
    {
        "slug_fi": "verkostotapaaminen-avoin-keskustelu",
        "title_fi": "Verkostotapaaminen: avoin keskustelukulttuuri",
        "title_sv": "Nätverksträff: öppen diskussionskultur",
        "description_fi": "Keskustelemme siitä, miten rasismiin puututaan arjessa.",
        "description_sv": "Vi diskuterar hur man ingriper mot rasism i vardagen.",
        "kind": Event.Kind.OTHER,
        "days": -60,
        "start": time(14, 0),
        "hours": 2,
        "place_fi": "Helsingin kaupunginkirjasto Oodi",
        "place_sv": "Helsingfors stadsbibliotek Ode",
        "address_fi": "Töölönlahdenkatu 4, Helsinki",
        "address_sv": "Tölöviksgatan 4, Helsingfors",
        "in_swedish": True,
        "scope": Event.Scope.REGIONAL,
        "region": "uusimaa",
        "organiser_fi": "Kumppanuusohjelman koordinaatio",
        "organiser_sv": "Partnerskapsprogrammets koordinering",
        "capacity": 30,
        "themes": [5],
    },
]

CONTROL = {"days", "start", "hours", "themes", "registrations", "slug_fi"}


@transaction.atomic
def seed() -> None:
    helsinki = timezone.get_default_timezone()
    today = timezone.localdate()
    themes = {theme.number: theme for theme in Theme.objects.all()}
    for data in EVENTS:
        starts_at = datetime.combine(today + timedelta(days=data["days"]), data["start"], helsinki)
        fields = {key: value for key, value in data.items() if key not in CONTROL}
        fields.update(
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=data["hours"]),
            registration_opens_at=starts_at - timedelta(days=60),
            registration_closes_at=starts_at - timedelta(hours=12),
            is_published=True,
        )
        event, created = seed_missing(Event, slug_fi=data["slug_fi"], defaults=fields)
        if created:
            event.themes.set([themes[number] for number in data["themes"] if number in themes])
        # Registered in the past, in queue order: someone who registers now is behind them
        # on the waiting list, as they would be on a real site.
        registered_at = min(timezone.now(), starts_at) - timedelta(days=3)
        for position, (name, email, language, status) in enumerate(data.get("registrations", [])):
            seed_missing(
                Registration,
                event=event,
                email=email,
                defaults={
                    "name": name,
                    "organisation": "Esimerkkiyhdistys ry",
                    "language": language,
                    "status": status,
                    "created_at": registered_at + timedelta(minutes=position),
                },
            )
