"""Partner organisations: the invitation mail, the confirm/decline page, signed links."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from pledges.models import Partner
from pledges.services import CONFIRM_LINK, PARTNER_LINK, STATUS_LINK
from tests.pledges.factories import (
    CampaignFactory,
    OrganisationFactory,
    PledgeFactory,
    SubmissionFactory,
)
from tests.pledges.test_submission import form_data, url

pytestmark = pytest.mark.django_db
LANGS = ["fi", "sv"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner():
    submission = SubmissionFactory(
        organisation=OrganisationFactory(name="Kotoutumisyhdistys Kompassi ry")
    )
    PledgeFactory(submission=submission, title_fi="Kielikahvila joka tiistai")
    return Partner.objects.create(
        submission=submission,
        organisation=OrganisationFactory(name="Rakennus Lumo Oy"),
        contact_email="lumo@example.fi",
        status=Partner.Status.PENDING,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_invitation_mail_leads_to_the_answer_page(
    client, lang, smtp_server, django_capture_on_commit_callbacks
):
    CampaignFactory()
    data = form_data(
        contact_email="lead@example.fi",
        **{
            "partners-0-name": "Rakennus Lumo Oy",
            "partners-0-type": "company",
            "partners-0-email": "lumo@example.fi",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("participate:form", lang), data).status_code == 302
    # The invitation goes out once the submitter confirms the address in the receipt.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(
                "participate:confirm",
                lang,
                token=CONFIRM_LINK.make(Partner.objects.get().submission_id),
            )
        )
    [invitation] = [m for m in smtp_server.messages if m["To"] == "lumo@example.fi"]
    assert invitation["Content-Language"] == lang
    subject = {
        "fi": "Kutsu kumppaniksi kotouttamisen kumppanuusohjelmaan",
        "sv": "Inbjudan att delta som partner i partnerskapsprogrammet för integrationsfrämjande",
    }
    assert invitation["Subject"] == subject[lang]
    text = invitation.get_body(("plain",)).get_content()
    assert "Lupaamme kielikahvilan" in text
    # The submitter's own address is not given to the partner.
    assert "lead@example.fi" not in text
    path = re.search(rf"http://testserver(/{lang}/\S+)", text).group(1)
    partner = Partner.objects.get()
    # The token carries its time of signing: compare what it says, not its text.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert path == url("participate:partner", lang, token=token)
    assert PARTNER_LINK.read(token) == partner.pk

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rakennus Lumo Oy" in html and "Lupaamme kielikahvilan" in html
    assert 'value="confirm"' in html and 'value="decline"' in html
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING  # GET changes nothing


@pytest.mark.parametrize("lang", LANGS)
def test_confirm_is_recorded_once_and_later_answers_are_refused_politely(client, partner, lang):
    link = url("participate:partner", lang, token=PARTNER_LINK.make(partner.pk))
    response = client.post(link, {"answer": "confirm"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == Partner.Status.CONFIRMED and partner.responded_at is not None
    thanks = {"fi": "Kiitos, vastauksenne on tallennettu.", "sv": "Tack, ert svar har sparats."}
    assert thanks[lang] in client.get(link).content.decode()

    client.post(link, {"answer": "decline"})
    partner.refresh_from_db()
    assert partner.status == Partner.Status.CONFIRMED
    html = client.get(link).content.decode()
    already = {"fi": "on jo vastannut", "sv": "har redan svarat"}
    assert already[lang] in html
    assert 'value="decline"' not in html


def test_decline(client, partner):
    link = url("participate:partner", "fi", token=PARTNER_LINK.make(partner.pk))
    client.post(link, {"answer": "decline"})
    partner.refresh_from_db()
    assert partner.status == Partner.Status.DECLINED
    assert "kieltäytyi" in client.get(link).content.decode()


def test_a_bad_answer_changes_nothing(client, partner):
    link = url("participate:partner", "fi", token=PARTNER_LINK.make(partner.pk))
    assert client.post(link, {"answer": "maybe"}).status_code == 302
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING


@pytest.mark.parametrize("lang", LANGS)
def test_tampered_and_foreign_links_are_refused(client, partner, lang):
    good = PARTNER_LINK.make(partner.pk)
    for token in [good[:-2] + "xx", "abc", STATUS_LINK.make(partner.pk)]:
        response = client.get(url("participate:partner", lang, token=token))
        assert response.status_code == 404
        assert {"fi": "Linkki ei toimi", "sv": "Länken fungerar inte"}[lang] in (
            response.content.decode()
        )
        assert (
            client.post(
                url("participate:partner", lang, token=token), {"answer": "confirm"}
            ).status_code
            == 404
        )
    # A partner link does not open the submitter's status page either.
    assert client.get(url("participate:status", lang, token=good)).status_code == 404
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING


def test_expired_partner_link(client, partner):
    link = url("participate:partner", "fi", token=PARTNER_LINK.make(partner.pk))
    with time_machine.travel(timezone.now() + timedelta(days=181)):
        assert client.get(link).status_code == 404
        client.post(link, {"answer": "confirm"})
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING


def test_partner_of_a_deleted_submission(client):
    assert (
        client.get(url("participate:partner", "fi", token=PARTNER_LINK.make(123456))).status_code
        == 404
    )
