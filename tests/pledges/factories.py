"""Factories for pledges tests. Entries are created published with consent unless told."""

from datetime import timedelta

import factory
from django.utils import timezone

from core.models import Municipality
from core.municipalities import municipalities_sync
from pledges.models import (
    Award,
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
)
from programmes.models import Campaign


def municipality(code: str) -> Municipality:
    """The municipality with the official `code`; the list is reloaded if a flush of a
    transactional test database removed what the data migration loaded."""
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        municipalities_sync()
        found = Municipality.objects.get(code=code)
    return found


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name_fi = factory.Sequence(lambda n: f"Kumppanuuskampanja {n}")
    name_sv = factory.Sequence(lambda n: f"Partnerskapskampanj {n}")
    description_fi = "Kampanjan kuvaus."
    description_sv = "Kampanjens beskrivning."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    hashtag = "kotoutuminen2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Esimerkkiyhdistys {n} ry")
    type = Organisation.Type.ASSOCIATION
    municipality = factory.LazyFunction(lambda: municipality("837"))  # Tampere
    region = "pirkanmaa"


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    organisation = factory.SubFactory(OrganisationFactory)
    campaign = factory.SubFactory(CampaignFactory)
    contact_name = "Maija Meikäläinen"
    contact_email = factory.Sequence(lambda n: f"yhteys{n}@example.fi")
    language = "fi"
    consent_to_publish = True
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text_version = "2026-1"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        # The themes hook sets a relation; no second save of the entry is needed.
        skip_postgeneration_save = True

    submission = factory.SubFactory(SubmissionFactory)
    organisation = factory.SelfAttribute("submission.organisation")
    campaign = factory.SelfAttribute("submission.campaign")
    original_language = "fi"
    status = Entry.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PledgeFactory(EntryFactory):
    class Meta:
        model = Pledge

    title_fi = factory.Sequence(lambda n: f"Lupaamme järjestää kielikahvilan {n}")
    title_sv = ""
    text_fi = "Järjestämme joka viikko kielikahvilan kirjastossa."
    text_sv = ""


class InitiativeFactory(EntryFactory):
    class Meta:
        model = Initiative

    title_fi = factory.Sequence(lambda n: f"Yhteinen mentorointiohjelma {n}")
    title_sv = ""
    text_fi = "Etsimme yrityksiä mentoroimaan vastavalmistuneita."
    text_sv = ""
    partners_sought_fi = "Yrityksiä ja oppilaitoksia."
    seeking_partners = True
    stage = Initiative.Stage.IDEA


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    submission = factory.SubFactory(SubmissionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contact_email = factory.Sequence(lambda n: f"kumppani{n}@example.fi")
    status = Partner.Status.CONFIRMED


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    name_fi = "Vuoden kumppanuusteko"
    name_sv = "Årets partnerskapsgärning"
    year = 2026
    reasoning_fi = "Palkinto myönnetään esimerkillisestä yhteistyöstä."
    reasoning_sv = "Priset ges för ett föredömligt samarbete."
