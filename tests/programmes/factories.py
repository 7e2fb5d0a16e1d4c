from datetime import date

import factory

from programmes.models import (
    AnnualTheme,
    ContactPerson,
    Goal,
    GovernmentTerm,
    Measure,
    Programme,
    Publication,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name_fi = "Kotouttamisen kumppanuusohjelma"
    name_sv = "Partnerskapsprogrammet för integrationsfrämjande"
    summary_fi = "Ohjelma kokoaa toimijat yhteen."
    summary_sv = "Programmet för samman aktörerna."
    description_fi = "Pidempi kuvaus ohjelmasta."
    description_sv = "En längre beskrivning av programmet."
    coordinator_fi = "Työ- ja elinkeinoministeriö"
    coordinator_sv = "Arbets- och näringsministeriet"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    programme = factory.SubFactory(ProgrammeFactory)
    position = factory.Sequence(int)
    text_fi = factory.Sequence(lambda n: f"Tavoite {n}")
    text_sv = factory.Sequence(lambda n: f"Mål {n}")


class AnnualThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualTheme

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2019
    title_fi = "Tasa-arvo"
    title_sv = "Jämställdhet"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    programme = factory.SubFactory(ProgrammeFactory)
    title_fi = "Kumppanuusohjelma"
    title_sv = "Partnerskapsprogrammet"
    year = 2016
    url = "https://julkaisut.example.fi/kumppanuusohjelma.pdf"
    in_finnish = True
    in_swedish = False


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Anna Esimerkki {n}")
    title_fi = "Neuvotteleva virkamies"
    title_sv = "Konsultativ tjänsteman"
    organisation_fi = "Työ- ja elinkeinoministeriö"
    organisation_sv = "Arbets- och näringsministeriet"
    phone = "+358 29 504 7000"
    email = factory.Sequence(lambda n: f"anna.esimerkki{n}@example.fi")


class GovernmentTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentTerm

    name_fi = factory.Sequence(lambda n: f"Hallituskausi {n}")
    name_sv = factory.Sequence(lambda n: f"Regeringsperiod {n}")
    prime_minister = "Maija Esimerkki"
    starts_on = factory.Sequence(lambda n: date(2000 + n % 20, 6, 1))
    ends_on = None


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    term = factory.SubFactory(GovernmentTermFactory)
    kind = Measure.Kind.PROGRAMME
    title_fi = factory.Sequence(lambda n: f"Toimenpide {n}")
    title_sv = factory.Sequence(lambda n: f"Åtgärd {n}")
    summary_fi = "Lyhyt kuvaus toimesta."
    summary_sv = "En kort beskrivning av åtgärden."
    ministry_fi = "Työ- ja elinkeinoministeriö"
    ministry_sv = "Arbets- och näringsministeriet"
