"""Joining an initiative as a partner: the form on the page, the service, the mail."""

import pytest
from django.core.cache import cache

from pledges.interest import partner_interest_send
from pledges.models import Entry, PartnerInterest
from tests.pledges.factories import SubmissionFactory
from tests.pledges.test_browse import InitiativeFactory, entry_url

pytestmark = pytest.mark.django_db

SUBMITTER = "aloitteen.tekija@example.fi"
FORM = {
    "organisation_name": "Naapuruusyhdistys & Co ry",
    "contact_name": "Kalle Kiinnostunut",
    "email": "kalle@example.fi",
    "message": "Haluaisimme mukaan <b>mentoreiksi</b>.\nMeillä on kokemusta.",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def initiative():
    return InitiativeFactory(
        title_fi="Mentorointia vastavalmistuneille",
        title_sv="Mentorskap för nyutexaminerade",
        submission=SubmissionFactory(contact_email=SUBMITTER, language="sv"),
    )


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_join_form_mails_the_submitter_with_reply_to_and_hides_their_address(
    client, smtp_server, django_capture_on_commit_callbacks, initiative, lang
):
    page = entry_url(initiative, lang)
    html = client.get(page).content.decode()
    assert 'id="join"' in html
    assert SUBMITTER not in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, FORM)
    assert response.status_code == 302
    assert response["Location"] == page + "#join-sent"

    after = client.get(page).content.decode()
    assert ("Kiitos!" if lang == "fi" else "Tack!") in after
    assert SUBMITTER not in after

    interest = PartnerInterest.objects.get()
    assert interest.initiative == initiative
    assert interest.email == "kalle@example.fi"

    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == SUBMITTER
    assert mail["Reply-To"] == "kalle@example.fi"
    # The submission was made in Swedish: the mail is in Swedish, whatever the page language.
    assert mail["Content-Language"] == "sv"
    # A fixed subject: nothing the public typed goes into it.
    assert mail["Subject"] == f"En organisation vill delta i ert initiativ nr {initiative.pk}"
    text = mail.get_body(("plain",)).get_content()
    assert "Mentorskap för nyutexaminerade" in text
    assert "Haluaisimme mukaan <b>mentoreiksi</b>." in text
    assert "kalle@example.fi" in text
    html_body = mail.get_body(("html",)).get_content()
    assert "&lt;b&gt;mentoreiksi&lt;/b&gt;" in html_body
    assert "http://testserver/sv/initiativ/" in html_body


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_join_form_errors_are_shown_next_to_fields_and_in_a_summary(client, initiative, lang):
    page = entry_url(initiative, lang)
    response = client.post(page, {**FORM, "email": "ei-osoite", "message": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#join-email"' in html and 'href="#join-message"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="join-email-error"' in html
    assert 'aria-describedby="join-message-help join-message-error"' in html
    # What was typed stays in the form.
    assert "Naapuruusyhdistys &amp; Co ry" in html
    assert not PartnerInterest.objects.exists()


def test_honeypot_and_oversized_fields_are_refused(client, initiative, smtp_server):
    page = entry_url(initiative, "fi")
    assert client.post(page, {**FORM, "website": "http://spam.example"}).status_code == 200
    response = client.post(page, {**FORM, "message": "x" * 10_000, "contact_name": "y" * 5_000})
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not PartnerInterest.objects.exists()
    assert smtp_server.messages == []


def test_no_form_when_the_initiative_no_longer_seeks_partners(client):
    initiative = InitiativeFactory(seeking_partners=False)
    page = entry_url(initiative, "fi")
    assert 'id="join"' not in client.get(page).content.decode()
    response = client.post(page, FORM)
    assert response.status_code == 302
    assert not PartnerInterest.objects.exists()


@pytest.mark.parametrize(
    "status", [Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.WITHDRAWN]
)
def test_no_joining_a_non_public_initiative(client, status):
    initiative = InitiativeFactory(status=status)
    assert client.post(entry_url(initiative, "fi"), FORM).status_code == 404
    assert not PartnerInterest.objects.exists()


def test_posting_is_rate_limited(client, initiative):
    page = entry_url(initiative, "fi")
    statuses = [client.post(page, {**FORM, "email": "bad"}).status_code for _i in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert client.get(page).status_code == 200


def test_service_stores_the_interest_and_queues_one_mail(
    initiative, django_capture_on_commit_callbacks
):
    from mailings.models import Delivery

    with django_capture_on_commit_callbacks() as callbacks:
        interest = partner_interest_send(
            initiative=initiative,
            organisation_name="Yhdistys ry",
            contact_name="Kaisa",
            email="kaisa@example.fi",
            message="Mukaan!",
        )
    assert len(callbacks) == 1
    delivery = Delivery.objects.get()
    assert delivery.to_email == SUBMITTER
    assert delivery.reply_to == "kaisa@example.fi"
    assert delivery.language == "sv"
    assert delivery.template == "partner_interest"
    assert delivery.context["initiative_url"].startswith("http://testserver/sv/initiativ/")
    assert delivery.dedupe_key == f"partner-interest-{interest.pk}"
