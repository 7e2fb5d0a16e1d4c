"""The staff page for personal data requests: preview, JSON download, erasure, permissions."""

import json

import pytest
from django.urls import reverse

from pledges.models import Pledge, Submission
from privacy.models import PersonalDataRequest
from tests.conftest import verified_login
from tests.events.factories import RegistrationFactory
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db

ADDRESS = "Asa.Ohman@Example.fi"


def url() -> str:
    return reverse("admin:privacy_personal_data")


@pytest.fixture
def held():
    pledge = PledgeFactory(
        submission__contact_email=ADDRESS.lower(),
        submission__contact_name="Åsa Öhman",
        text_fi="Lupaamme palkata kaksi harjoittelijaa.",
    )
    RegistrationFactory(email=ADDRESS, name="Åsa Öhman")
    RegistrationFactory(email="toinen@example.fi", name="Toinen Henkilö")
    return pledge


def test_staff_without_the_permission_gets_403(client, staff_user, held):
    verified_login(client, staff_user)
    assert client.get(url()).status_code == 403
    assert client.post(url(), {"email": ADDRESS, "step": "download"}).status_code == 403
    response = client.post(url(), {"email": ADDRESS, "step": "confirm_erase", "confirm": "on"})
    assert response.status_code == 403
    assert Submission.objects.get(pk=held.submission_id).contact_name == "Åsa Öhman"
    assert client.get(reverse("admin:privacy_personaldatarequest_changelist")).status_code == 403
    assert not PersonalDataRequest.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_with_the_permission_but_no_second_factor_cannot_enter(client, privacy_officer):
    client.force_login(privacy_officer)
    response = client.get(url())
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_preview_shows_what_is_held_and_is_logged(client, privacy_officer, held, language):
    verified_login(client, privacy_officer)
    page = client.get(url(), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()
    response = client.post(url(), {"email": ADDRESS.upper()}, HTTP_ACCEPT_LANGUAGE=language)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Lupaamme palkata kaksi harjoittelijaa." in text
    assert "Toinen Henkilö" not in text
    assert 'value="download"' in text and 'value="erase"' in text
    log = PersonalDataRequest.objects.get()
    assert (log.action, log.actor) == ("personal_data_viewed", privacy_officer)
    assert log.after["submissions"] == 1 and log.after["registrations"] == 1


def test_bad_address_shows_the_error(client, privacy_officer):
    verified_login(client, privacy_officer)
    response = client.post(url(), {"email": "not an address" + "x" * 400})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not PersonalDataRequest.objects.exists()


def test_download_json_is_logged_with_the_staff_user(admin_client, admin_user, held):
    response = admin_client.post(url(), {"email": ADDRESS, "step": "download"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "@" not in response["Content-Disposition"]
    data = json.loads(response.content.decode("utf-8"))
    assert data["submissions"][0]["contact_name"] == "Åsa Öhman"
    assert len(data["registrations"]) == 1
    log = PersonalDataRequest.objects.get()
    assert (log.action, log.object_repr, log.actor) == (
        "personal_data_exported",
        ADDRESS,
        admin_user,
    )


def test_erase_asks_for_confirmation_then_erases_and_logs(admin_client, admin_user, held):
    confirm = admin_client.post(url(), {"email": ADDRESS, "step": "erase"})
    assert confirm.status_code == 200
    assert 'name="confirm"' in confirm.content.decode()
    assert Submission.objects.get(pk=held.submission_id).contact_name == "Åsa Öhman"

    # Without ticking the box nothing happens.
    refused = admin_client.post(url(), {"email": ADDRESS, "step": "confirm_erase"})
    assert refused.status_code == 200
    assert Submission.objects.get(pk=held.submission_id).contact_name == "Åsa Öhman"

    done = admin_client.post(
        url(), {"email": ADDRESS, "step": "confirm_erase", "confirm": "on"}, follow=True
    )
    assert done.status_code == 200
    assert any(ADDRESS in str(m) for m in done.context["messages"])
    assert Submission.objects.get(pk=held.submission_id).contact_name == ""
    assert Pledge.objects.get(pk=held.pk).text_fi == "Lupaamme palkata kaksi harjoittelijaa."
    log = PersonalDataRequest.objects.get(action="personal_data_erased")
    assert (log.object_repr, log.actor, log.actor_label) == (
        ADDRESS,
        admin_user,
        admin_user.username,
    )


def test_tampered_erase_post_never_500(admin_client):
    response = admin_client.post(url(), {"email": "x" * 500, "step": "confirm_erase"})
    assert response.status_code == 200
    response = admin_client.post(url(), {"step": "nonsense"})
    assert response.status_code == 200


def test_log_lists_are_read_only(admin_client, held):
    admin_client.post(url(), {"email": ADDRESS, "step": "download"})
    changelist = admin_client.get(reverse("admin:privacy_personaldatarequest_changelist"))
    assert changelist.status_code == 200
    assert url() in changelist.content.decode()
    log = PersonalDataRequest.objects.get()
    assert admin_client.get(reverse("admin:privacy_personaldatarequest_add")).status_code == 403
    detail = admin_client.get(reverse("admin:privacy_personaldatarequest_change", args=[log.pk]))
    assert detail.status_code == 200
    delete = admin_client.post(
        reverse("admin:privacy_personaldatarequest_delete", args=[log.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    # The general audit list leaves the requests (and so the address) out.
    audit_list = admin_client.get(reverse("admin:audit_auditevent_changelist"))
    assert audit_list.status_code == 200
    assert ADDRESS not in audit_list.content.decode()
    assert (
        admin_client.get(reverse("admin:audit_auditevent_change", args=[log.pk])).status_code
        == 302  # not found in its list: the admin sends the user back to the index
    )
