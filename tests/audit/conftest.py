import pytest
from django.contrib.auth.models import Group

from portal.roles import CURATORS
from tests.conftest import verified_login


@pytest.fixture
def curator(client, django_user_model):
    """A staff member in the Curators role, signed in with the second factor."""
    user = django_user_model.objects.create_user(username="kuraattori", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    verified_login(client, user)
    return user
