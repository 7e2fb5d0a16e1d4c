"""Feedback from the accessibility statement is stored with a 14-day reply deadline."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


def statement_url(lang: str) -> str:
    with translation.override(lang):
        return reverse("accessibility")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_feedback_is_stored_with_its_language_and_deadline(client, lang):
    response = client.post(
        statement_url(lang),
        {"message": "Kuvasta puuttuu tekstivastine.", "page": "/fi/", "email": "a@example.fi"},
        REMOTE_ADDR=f"10.0.0.{1 if lang == 'fi' else 2}",
    )
    assert response.status_code == 302
    with translation.override(lang):
        assert response["Location"] == reverse("accessibility_thanks")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.language == lang
    assert feedback.reply_due - feedback.received_at == timedelta(days=14)
    assert not feedback.is_overdue


@pytest.mark.parametrize(
    ("lang", "error"),
    [
        ("fi", "Tämä kenttä vaaditaan."),
        ("sv", "Detta fält måste fyllas i."),
    ],
)
def test_empty_feedback_shows_errors_in_the_page_language(client, lang, error):
    response = client.post(statement_url(lang), {"message": ""}, REMOTE_ADDR="10.0.1.1")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in html
    assert error in html
    # The error is tied to its field for screen readers.
    assert 'aria-describedby="id_message_error"' in html
    assert '<p class="form-error" id="id_message_error">' in html
    assert not AccessibilityFeedback.objects.exists()


def test_accessible_copy_request_needs_an_address(client):
    response = client.post(
        statement_url("fi"),
        {"message": "PDF saavutettavana", "wants_accessible_copy": "on"},
        REMOTE_ADDR="10.0.2.1",
    )
    assert "Anna sähköpostiosoitteesi" in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_honeypot_looks_like_success_but_stores_nothing(client):
    response = client.post(
        statement_url("fi"),
        {"message": "spam", "website": "http://spam.example"},
        REMOTE_ADDR="10.0.3.1",
    )
    assert response.status_code == 302
    assert not AccessibilityFeedback.objects.exists()


def test_too_much_feedback_from_one_address_gets_429(client):
    for _ in range(10):
        client.post(statement_url("fi"), {"message": "x"}, REMOTE_ADDR="10.0.4.1")
    response = client.post(statement_url("sv"), {"message": "x"}, REMOTE_ADDR="10.0.4.1")
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()


def test_unanswered_feedback_becomes_overdue(client):
    client.post(statement_url("fi"), {"message": "Kontrasti"}, REMOTE_ADDR="10.0.5.1")
    feedback = AccessibilityFeedback.objects.get()
    with time_machine.travel(timezone.now() + timedelta(days=13)):
        assert not feedback.is_overdue
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert feedback.is_overdue


def test_admin_marks_overdue_feedback_and_records_the_reply(admin_client, admin_user):
    late = timezone.now() - timedelta(days=20)
    overdue = AccessibilityFeedback.objects.create(
        language="fi", message="Kontrasti", received_at=late, reply_due=late + timedelta(days=14)
    )
    AccessibilityFeedback.objects.create(language="sv", message="Rubriker")
    html = admin_client.get("/admin/portal/accessibilityfeedback/").content.decode()
    assert html.count('class="feedback-overdue"') == 1

    response = admin_client.post(
        f"/admin/portal/accessibilityfeedback/{overdue.pk}/change/",
        {"reply": "Korjasimme kontrastin."},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.reply == "Korjasimme kontrastin."
    assert overdue.replied_at is not None and overdue.handled_by == admin_user
    assert not overdue.is_overdue


# --- Handled by the Communications role: it sees the feedback, is mailed, sees overdue ---


@pytest.fixture
def communications(django_user_model):
    """Two active members of Communications (one without an address), one inactive one."""
    from django.contrib.auth.models import Group

    from portal.roles import COMMUNICATIONS

    group = Group.objects.get(name=COMMUNICATIONS)
    members = []
    for name, email, active in [
        ("viestija", "viestija@tem.example.fi", True),
        ("ilman-osoitetta", "", True),
        ("entinen", "entinen@tem.example.fi", False),
    ]:
        user = django_user_model.objects.create_user(
            username=name, password="x", email=email, is_staff=True, is_active=active
        )
        user.groups.add(group)
        members.append(user)
    # Staff in another role are not told.
    django_user_model.objects.create_user(
        username="kuraattori", password="x", email="kuraattori@tem.example.fi", is_staff=True
    ).groups.add(Group.objects.get(name="Curators"))
    return members[0]


def test_communications_are_mailed_when_feedback_arrives_without_the_publics_text(
    client, communications, smtp_server, django_capture_on_commit_callbacks
):
    secret = "Kuvasta puuttuu tekstivastine ja olen sokea"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            statement_url("sv"),
            {"message": secret, "page": "/sv/", "email": "anna@example.fi"},
            REMOTE_ADDR="10.0.6.1",
        )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()

    # One mail, to the active member with an address, in Finnish (staff store no language).
    assert smtp_server.recipients() == ["viestija@tem.example.fi"]
    raw = smtp_server.raw[0].decode("ascii", "replace")
    mail = smtp_server.messages[0]
    assert mail["Content-Language"] == "fi"
    assert mail["Subject"] == "Uutta saavutettavuuspalautetta: vastattava 14 päivän kuluessa"
    text = mail.get_body(("plain",)).get_content()
    assert f"/admin/portal/accessibilityfeedback/{feedback.pk}/change/" in text
    assert timezone.localtime(feedback.reply_due).strftime("%d.%m.%Y") in text
    # Nothing the public typed: not in the subject, nor anywhere in the mail.
    for typed in ("tekstivastine", "anna@example.fi"):
        assert typed not in raw
        assert typed not in mail.get_body(("html",)).get_content()


def test_a_communications_member_reads_and_answers_feedback(client, communications):
    from tests.conftest import verified_login

    feedback = AccessibilityFeedback.objects.create(language="fi", message="Kontrasti on heikko")
    verified_login(client, communications)
    listing = client.get("/admin/portal/accessibilityfeedback/")
    assert listing.status_code == 200
    assert "Kontrasti on heikko" in listing.content.decode()
    response = client.post(
        f"/admin/portal/accessibilityfeedback/{feedback.pk}/change/",
        {"reply": "Korjasimme kontrastin."},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.handled_by == communications


def test_the_admin_index_shows_overdue_feedback_to_those_who_handle_it(
    client, communications, django_user_model
):
    from tests.conftest import verified_login

    late = timezone.now() - timedelta(days=20)
    for message in ("Kontrasti", "Otsikot"):
        AccessibilityFeedback.objects.create(
            language="fi", message=message, received_at=late, reply_due=late + timedelta(days=14)
        )
    AccessibilityFeedback.objects.create(  # answered in time: not overdue
        language="fi",
        message="Linkit",
        received_at=late,
        reply_due=late + timedelta(days=14),
        replied_at=late + timedelta(days=2),
    )
    AccessibilityFeedback.objects.create(language="sv", message="Ny")  # not yet due

    verified_login(client, communications)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Saavutettavuuspalaute: 2 vastausta myöhässä" in html
    overdue = client.get("/admin/portal/accessibilityfeedback/?reply=overdue").content.decode()
    assert "Kontrasti" in overdue and "Otsikot" in overdue
    assert "Linkit" not in overdue and "Ny</" not in overdue

    # A translator neither sees the count nor opens the feedback.
    from django.contrib.auth.models import Group

    translator = django_user_model.objects.create_user(
        username="kaantaja", password="x", is_staff=True
    )
    translator.groups.add(Group.objects.get(name="Translators"))
    verified_login(client, translator)
    assert "Saavutettavuuspalaute" not in client.get("/admin/").content.decode()
    assert client.get("/admin/portal/accessibilityfeedback/").status_code == 403
