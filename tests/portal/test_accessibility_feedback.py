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
