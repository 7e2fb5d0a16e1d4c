"""Joining an initiative as a partner: the form on a page of its own, the service, the mail."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from pledges.interest import partner_interest_send
from pledges.models import Entry, PartnerInterest
from pledges.services import JOINED_LINK
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


def join_url(initiative, lang: str) -> str:
    with translation.override(lang):
        return reverse("initiatives:join", kwargs={"pk": initiative.pk})


@pytest.mark.parametrize(("lang", "word"), [("fi", "/liity/"), ("sv", "/anslut-dig/")])
def test_the_initiative_page_links_to_a_join_page_of_its_own(client, initiative, lang, word):
    html = client.get(entry_url(initiative, lang)).content.decode()
    assert 'method="post"' not in html and "csrfmiddlewaretoken" not in html
    page = join_url(initiative, lang)
    assert page.endswith(f"/{initiative.pk}{word}")
    assert f'href="{page}"' in html
    assert ("Lähde mukaan kumppaniksi" if lang == "fi" else "Delta som partner") in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_join_form_mails_the_submitter_with_reply_to_and_hides_their_address(
    client, smtp_server, django_capture_on_commit_callbacks, initiative, lang
):
    page = join_url(initiative, lang)
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="join"' in html and 'name="csrfmiddlewaretoken"' in html
    title = "Mentorointia vastavalmistuneille" if lang == "fi" else "Mentorskap för nyutexaminerade"
    assert title in html
    assert f'href="{entry_url(initiative, lang)}"' in html  # breadcrumbs and the way back
    assert SUBMITTER not in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, FORM)
    assert response.status_code == 302
    thanks = response["Location"]
    assert thanks.startswith(page)

    after = client.get(thanks)
    assert after.status_code == 200
    text = after.content.decode()
    assert ("Kiitos!" if lang == "fi" else "Tack!") in text
    assert title in text
    assert SUBMITTER not in text

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


def test_a_visitor_cannot_choose_the_recipient(
    client, smtp_server, django_capture_on_commit_callbacks, initiative
):
    """Extra fields naming an address are ignored: the message goes to the submitter only."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            join_url(initiative, "fi"),
            {**FORM, "to": "victim@example.com", "recipient": "victim@example.com"},
        )
    assert response.status_code == 302
    assert [mail["To"] for mail in smtp_server.messages] == [SUBMITTER]


def test_the_thanks_page_needs_its_own_signed_link(client, initiative):
    client.post(join_url(initiative, "fi"), FORM)
    other = InitiativeFactory()
    interest = PartnerInterest.objects.get()
    with translation.override("fi"):
        forged = reverse("initiatives:joined", kwargs={"pk": initiative.pk, "token": "1:abc"})
        elsewhere = reverse(
            "initiatives:joined",
            kwargs={"pk": other.pk, "token": JOINED_LINK.make(interest.pk)},
        )
    assert client.get(forged).status_code == 404
    assert client.get(elsewhere).status_code == 404


@pytest.mark.parametrize(
    ("lang", "summary", "required"),
    [("fi", "Tarkista lomake", "Tämä kenttä vaaditaan."), ("sv", "Kontrollera formuläret", None)],
)
def test_join_form_errors_are_shown_next_to_fields_and_in_a_summary(
    client, initiative, lang, summary, required
):
    page = join_url(initiative, lang)
    response = client.post(page, {**FORM, "email": "ei-osoite", "message": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert summary in html
    if required:
        assert required in html
    assert 'href="#join-email"' in html and 'href="#join-message"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="join-email-error"' in html
    assert 'aria-describedby="join-message-help join-message-error"' in html
    # What was typed stays in the form.
    assert "Naapuruusyhdistys &amp; Co ry" in html
    assert not PartnerInterest.objects.exists()


def test_honeypot_and_oversized_fields_are_refused(client, initiative, smtp_server):
    page = join_url(initiative, "fi")
    assert client.post(page, {**FORM, "website": "http://spam.example"}).status_code == 200
    response = client.post(page, {**FORM, "message": "x" * 10_000, "contact_name": "y" * 5_000})
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not PartnerInterest.objects.exists()
    assert smtp_server.messages == []


def test_no_join_page_when_the_initiative_no_longer_seeks_partners(client):
    initiative = InitiativeFactory(seeking_partners=False)
    html = client.get(entry_url(initiative, "fi")).content.decode()
    assert join_url(initiative, "fi") not in html
    assert client.get(join_url(initiative, "sv")).status_code == 404
    assert client.post(join_url(initiative, "fi"), FORM).status_code == 404
    assert not PartnerInterest.objects.exists()


@pytest.mark.parametrize(
    "status", [Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.WITHDRAWN]
)
def test_no_joining_a_non_public_initiative(client, status):
    initiative = InitiativeFactory(status=status)
    assert client.get(join_url(initiative, "fi")).status_code == 404
    assert client.post(join_url(initiative, "fi"), FORM).status_code == 404
    assert not PartnerInterest.objects.exists()


def test_the_initiative_page_takes_no_posts(client, initiative):
    assert client.post(entry_url(initiative, "fi"), FORM).status_code == 405
    assert not PartnerInterest.objects.exists()


def test_posting_is_rate_limited(client, initiative):
    page = join_url(initiative, "fi")
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
