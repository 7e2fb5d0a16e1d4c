import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(username="virkailija", password="x", is_staff=True)


@pytest.fixture
def privacy_officer(staff_user):
    staff_user.user_permissions.add(
        Permission.objects.get(codename="handle_personal_data", content_type__app_label="privacy")
    )
    return staff_user
