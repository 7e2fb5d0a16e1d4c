from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from assessments import services
from portal.roles import CURATORS, JURY
from tests.assessments.factories import CriterionFactory, RubricFactory
from tests.conftest import verified_login
from tests.pledges.factories import PledgeFactory


@pytest.fixture
def make_user(django_user_model):
    def make(name: str, role: str | None = None):
        user = django_user_model.objects.create_user(username=name, password="x", is_staff=True)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def juror(make_user):
    return make_user("juror", JURY)


@pytest.fixture
def curator(make_user):
    return make_user("curator", CURATORS)


@pytest.fixture
def login(client):
    def do(user):
        verified_login(client, user)
        return client

    return do


@pytest.fixture
def rubric():
    """Two criteria: impact weighs 2, feasibility 1."""
    rubric = RubricFactory()
    impact = CriterionFactory(rubric=rubric, position=1, weight=Decimal("2"))
    feasibility = CriterionFactory(rubric=rubric, position=2, weight=Decimal("1"))
    rubric.impact, rubric.feasibility = impact, feasibility
    return rubric


@pytest.fixture
def shortlisting(rubric, curator):
    pledge = PledgeFactory(
        campaign=rubric.campaign,
        submission__campaign=rubric.campaign,
        title_sv="Vi ordnar ett språkcafé",
        text_sv="Varje vecka.",
    )
    item, _created = services.shortlist_add(entry=pledge, by=curator)
    return item
