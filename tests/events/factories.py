from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_fi = factory.Sequence(lambda n: f"Infotilaisuus {n}")
    title_sv = factory.Sequence(lambda n: f"Informationsmöte {n}")
    description_fi = "Tervetuloa kuulemaan kumppanuusohjelmasta."
    description_sv = "Välkommen att höra om partnerskapsprogrammet."
    kind = Event.Kind.INFO_SESSION
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    place_fi = "Kaupungintalo"
    place_sv = "Stadshuset"
    address_fi = "Esimerkkikatu 1, Helsinki"
    address_sv = "Exempelgatan 1, Helsingfors"
    in_swedish = True
    organiser_fi = "Työ- ja elinkeinoministeriö"
    organiser_sv = "Arbets- och näringsministeriet"
    capacity = 10
    is_published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Osallistuja {n}")
    email = factory.Sequence(lambda n: f"osallistuja{n}@example.fi")
    organisation = "Esimerkkiyhdistys ry"
    language = "fi"
    status = Registration.Status.CONFIRMED
