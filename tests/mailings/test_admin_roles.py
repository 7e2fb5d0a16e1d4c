"""Every custom view and button of the mailings admin, for every staff role.

Django's `admin_view` lets any staff member in; each view must check the model permission
itself. Only roles whose group holds the permission get the page or the action.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from mailings.models import Delivery
from portal.roles import ROLES
from tests.conftest import verified_login
from tests.mailings.factories import NewsletterFactory
from tests.mailings.test_admin import change_form_data

pytestmark = pytest.mark.django_db
PLAIN = "plain staff"
SUPERUSER = "superuser"
ALL_ROLES = [*ROLES, PLAIN, SUPERUSER]
DRAFT_SUBJECT = "Luonnos: vielä salainen uutiskirje"


def role_has(role: str, permission: str) -> bool:
    return role == SUPERUSER or permission in ROLES.get(role, [])


@pytest.fixture
def as_role(client, django_user_model):
    def login(role: str):
        user = django_user_model.objects.create_user(
            username=f"user-{role.replace(' ', '-').lower()}",
            password="x",
            email="staff@example.fi",
            is_staff=True,
            is_superuser=role == SUPERUSER,
        )
        if role in ROLES:
            user.groups.add(Group.objects.get(name=role))
        verified_login(client, user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_roles_that_may_see_newsletters_preview_drafts(as_role, role):
    newsletter = NewsletterFactory(subject_fi=DRAFT_SUBJECT)
    client = as_role(role)
    response = client.get(reverse("admin:mailings_newsletter_preview", args=[newsletter.pk]))
    if role_has(role, "mailings.view_newsletter"):
        assert response.status_code == 200
        assert DRAFT_SUBJECT in response.text
    else:
        assert response.status_code == 403
        assert DRAFT_SUBJECT not in response.text


@pytest.mark.parametrize("button", ["_send_test", "_schedule", "_send_now"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_roles_that_may_change_newsletters_test_schedule_or_send(
    as_role, role, button, smtp_server, django_capture_on_commit_callbacks
):
    newsletter = NewsletterFactory(subject_fi=DRAFT_SUBJECT)
    client = as_role(role)
    change = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    data = {**change_form_data(newsletter), button: "1"}
    if button == "_schedule":
        data.update(send_at_0="2030-12-24", send_at_1="09:00:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    newsletter.refresh_from_db()
    if role_has(role, "mailings.change_newsletter"):
        assert response.status_code == 302
        assert response["Location"] == change
        expected = {"_send_test": "draft", "_schedule": "scheduled", "_send_now": "sent"}
        assert newsletter.status == expected[button]
        if button == "_send_test":
            assert smtp_server.recipients() == ["staff@example.fi"] * 2
    else:
        assert response.status_code == 403
        assert newsletter.status == "draft"
        assert newsletter.mailing is None
        assert smtp_server.messages == []
        assert not Delivery.objects.exists()


def test_the_removed_post_urls_of_the_old_nested_forms_are_gone(admin_client):
    # The buttons are part of the change form now; no separate URL accepts a POST.
    newsletter = NewsletterFactory()
    base = reverse("admin:mailings_newsletter_change", args=[newsletter.pk])
    for tail in ("send-test/", "schedule/", "send-now/"):
        response = admin_client.post(base.replace("change/", tail))
        assert response.status_code in (302, 404)
        newsletter.refresh_from_db()
        assert newsletter.status == "draft"
