"""Factories for the assessment tests."""

from decimal import Decimal

import factory

from assessments.models import Criterion, Rubric
from tests.pledges.factories import CampaignFactory


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    campaign = factory.SubFactory(CampaignFactory)
    name_fi = "Arviointikriteerit"
    name_sv = "Bedömningskriterier"


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    position = factory.Sequence(lambda n: n)
    name_fi = factory.Sequence(lambda n: f"Vaikuttavuus {n}")
    name_sv = factory.Sequence(lambda n: f"Genomslag {n}")
    description_fi = "Miten hyvin toiminta edistää kotoutumista."
    description_sv = "Hur väl verksamheten främjar integrationen."
    weight = Decimal("1")
