"""The participation form through the test client: open, closed, deadline, mail, abuse."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from audit.selectors import audit_history
from mailings.models import Delivery
from mailings.services import deliveries_requeue
from pledges.models import (
    Entry,
    Initiative,
    Organisation,
    Partner,
    Pledge,
    Submission,
)
from pledges.services import CONSENT_TEXT_VERSION, STATUS_LINK
from tests.conftest import celery_broker_down
from tests.pledges.factories import CampaignFactory, PledgeFactory, SubmissionFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
LANGS = ["fi", "sv"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limit counts in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def form_data(**overrides) -> dict:
    """A complete, valid sending of the form (a pledge, one theme, consent, no partners)."""
    theme = Theme.objects.order_by("number").first()
    data = {
        "organisation_name": "Kotoutumisyhdistys Testi ry",
        "organisation_type": "association",
        "business_id": "",
        "municipality": "837",  # Tampere
        "region": "pirkanmaa",
        "website": "",
        "contact_name": "Maija Meikäläinen",
        "contact_email": "maija@example.fi",
        "contact_phone": "",
        "pledge_title": "Lupaamme kielikahvilan",
        "pledge_text": "Järjestämme joka tiistai kielikahvilan kirjastossa.",
        "initiative_title": "",
        "initiative_text": "",
        "initiative_partners_sought": "",
        "initiative_stage": "idea",
        "themes": [str(theme.pk)],
        "consent": "on",
        "nickname": "",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "10",
        "partners-0-name": "",
        "partners-0-type": "",
        "partners-0-email": "",
        "partners-1-name": "",
        "partners-1-type": "",
        "partners-1-email": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def campaign():
    return CampaignFactory(name_fi="Kampanja 2026", name_sv="Kampanjen 2026")


@pytest.mark.parametrize("lang", LANGS)
def test_empty_form_in_the_page_language(client, campaign, lang):
    response = client.get(url("participate:form", lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    heading = {"fi": "Osallistu lupauksella tai aloitteella", "sv": "Delta med ett löfte"}[lang]
    assert heading in html
    # Consent is an unticked box with its text; the honeypot is out of reach.
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    honeypot = re.search(r'<input[^>]*name="nickname"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert 'class="participate-hp"' in html
    assert "csrfmiddlewaretoken" in html
    # Regions are listed by their names in the page language.
    assert ("Egentliga Finland" in html) == (lang == "sv")
    assert ("Varsinais-Suomi" in html) == (lang == "fi")


@pytest.mark.parametrize("lang", LANGS)
def test_closed_without_next_campaign(client, lang):
    CampaignFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    response = client.get(url("participate:form", lang))
    html = response.content.decode()
    assert response.status_code == 200
    closed = {"fi": "Lupauksia ja aloitteita ei voi lähettää", "sv": "Det går inte att skicka"}
    assert closed[lang] in html
    assert 'name="consent"' not in html


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", "1. maaliskuuta 2027 klo 9.00"), ("sv", "1 mars 2027 kl. 9.00")]
)
def test_closed_page_says_when_the_next_campaign_opens(client, lang, expected):
    # 07:00 UTC is 09:00 in Helsinki (winter time).
    opens = timezone.datetime(2027, 3, 1, 7, 0, tzinfo=timezone.UTC)
    CampaignFactory(
        name_fi="Kevät 2027",
        name_sv="Våren 2027",
        opens_at=opens,
        closes_at=opens + timedelta(days=30),
    )
    with time_machine.travel(timezone.datetime(2026, 12, 1, tzinfo=timezone.UTC)):
        response = client.get(url("participate:form", lang))
    html = " ".join(response.content.decode().split())
    assert expected in html
    assert ("Kevät 2027" if lang == "fi" else "Våren 2027") in html
    assert 'datetime="2027-03-01T09:00+0200"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_deadline_passing_between_opening_and_sending_saves_nothing(client, lang):
    closes = timezone.now() + timedelta(minutes=30)
    CampaignFactory(closes_at=closes)
    with time_machine.travel(closes - timedelta(minutes=5)):
        assert client.get(url("participate:form", lang)).status_code == 200
    with time_machine.travel(closes + timedelta(minutes=1)):
        response = client.post(url("participate:form", lang), form_data())
    html = response.content.decode()
    assert response.status_code == 200
    too_late = {"fi": "mitään ei tallennettu", "sv": "ingenting sparades"}
    assert too_late[lang] in html
    assert not Submission.objects.exists()
    assert not Organisation.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("lang", LANGS)
def test_valid_submission_is_saved_in_the_page_language(client, campaign, lang):
    data = form_data(
        business_id="2345671-3",
        initiative_title="Yhteinen mentorointi",
        initiative_text="Etsimme mentoreita.",
        initiative_partners_sought="Yrityksiä.",
        initiative_seeking_partners="on",
        initiative_stage="under_way",
        **{
            "partners-0-name": "Rakennus Lumo Oy",
            "partners-0-type": "company",
            "partners-0-email": "lumo@example.fi",
        },
    )
    response = client.post(url("participate:form", lang), data)
    assert response.status_code == 302
    assert response["Location"] == url("participate:received", lang)
    submission = Submission.objects.get()
    assert submission.language == lang
    assert submission.campaign == campaign
    assert submission.organisation.business_id == "2345671-3"
    assert submission.consent_to_publish is True
    assert submission.consent_given_at is not None
    assert submission.consent_text_version == CONSENT_TEXT_VERSION
    pledge = Pledge.objects.get()
    other = "sv" if lang == "fi" else "fi"
    assert getattr(pledge, f"title_{lang}") == "Lupaamme kielikahvilan"
    assert not getattr(pledge, f"title_{other}")
    assert pledge.original_language == lang
    assert pledge.status == Entry.Status.SUBMITTED
    assert list(pledge.themes.values_list("number", flat=True)) == [1]
    initiative = Initiative.objects.get()
    assert initiative.stage == "under_way" and initiative.seeking_partners
    assert getattr(initiative, f"partners_sought_{lang}") == "Yrityksiä."
    partner = Partner.objects.get()
    assert partner.organisation.name == "Rakennus Lumo Oy"
    assert partner.status == Partner.Status.PENDING
    assert [
        (e.action, e.object_repr, e.actor, e.actor_label, e.after)
        for e in AuditEvent.objects.order_by("pk")
    ] == [
        ("submitted", "Lupaamme kielikahvilan", None, "submitter", {"status": "submitted"}),
        ("submitted", "Yhteinen mentorointi", None, "submitter", {"status": "submitted"}),
    ]

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lupaamme kielikahvilan" in html and "Yhteinen mentorointi" in html
    assert "Rakennus Lumo Oy" in html and "maija@example.fi" in html
    assert 'name="robots" content="noindex"' in html


def test_submission_without_consent_is_saved_without_a_consent_record(client, campaign):
    response = client.post(url("participate:form", "fi"), form_data(consent=None))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.consent_to_publish is False
    assert submission.consent_given_at is None
    assert submission.consent_text_version == ""


def test_received_page_without_a_submission_goes_to_the_form(client, campaign):
    response = client.get(url("participate:received", "fi"))
    assert response.status_code == 302
    assert response["Location"] == url("participate:form", "fi")


@pytest.mark.parametrize("lang", LANGS)
def test_errors_next_to_fields_and_in_a_summary(client, campaign, lang):
    data = form_data(pledge_title="", pledge_text="", contact_email="not-an-address", themes=None)
    response = client.post(url("participate:form", lang), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Submission.objects.exists()
    assert 'class="error-summary" role="alert"' in html
    assert html.index("error-summary") < html.index("<h1")
    assert 'href="#id_contact_email"' in html
    assert 'href="#id_themes_0"' in html
    email_input = re.search(r'<input[^>]*name="contact_email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_contact_email_error"' in email_input
    assert 'id="id_contact_email_error"' in html
    messages = {
        "fi": ["Syötä kelvollinen sähköpostiosoite.", "Valitse vähintään yksi teema."],
        "sv": ["Fyll i en giltig e-postadress.", "Välj minst ett tema."],
    }
    for message in messages[lang]:
        assert message in html
    # What was typed is kept.
    assert 'value="Kotoutumisyhdistys Testi ry"' in html


def test_add_another_partner_adds_a_row_and_saves_nothing(client, campaign):
    data = form_data(**{"partners-0-name": "Kumppani ry", "add_partner": "1"})
    response = client.post(url("participate:form", "fi"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="partners-2-name"' in html
    assert 'value="Kumppani ry"' in html
    assert 'value="Kotoutumisyhdistys Testi ry"' in html
    assert "error-summary" not in html
    assert 'aria-invalid="true"' not in html
    assert not Submission.objects.exists()
    # The re-rendered form sends fine with its extra rows.
    total = re.search(r'name="partners-TOTAL_FORMS" value="(\d+)"', html).group(1)
    initial = re.search(r'name="partners-INITIAL_FORMS" value="(\d+)"', html).group(1)
    data = form_data(
        **{
            "partners-TOTAL_FORMS": total,
            "partners-INITIAL_FORMS": initial,
            "partners-0-name": "Kumppani ry",
            "partners-0-type": "association",
            "partners-0-email": "kumppani@example.fi",
            "partners-2-name": "",
            "partners-2-type": "",
            "partners-2-email": "",
        }
    )
    response = client.post(url("participate:form", "fi"), data)
    assert response.status_code == 302
    assert Partner.objects.get().organisation.name == "Kumppani ry"


def test_honeypot_looks_like_success_and_saves_nothing(client, campaign):
    response = client.post(url("participate:form", "fi"), form_data(nickname="buy now"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Kiitos" in page.content.decode()
    assert not Submission.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"pledge_title": "x" * 201},
        {"pledge_text": "x" * 5001},
        {"organisation_name": "x" * 10_000},
        {"business_id": "1" * 500},
        {"themes": ["999999"]},
        {"themes": ["abc"]},
        {"region": "atlantis"},
        {"partners-TOTAL_FORMS": "100000"},
        {"partners-TOTAL_FORMS": "x"},
        {"initiative_stage": "<script>"},
    ],
)
def test_bad_input_gives_errors_never_a_500(client, campaign, overrides):
    response = client.post(url("participate:form", "fi"), form_data(**overrides))
    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_missing_management_form_is_an_error_not_a_500(client, campaign):
    data = {k: v for k, v in form_data().items() if not k.startswith("partners-")}
    response = client.post(url("participate:form", "fi"), data)
    assert response.status_code == 200
    assert not Submission.objects.exists()


@pytest.mark.parametrize("lang", LANGS)
def test_rate_limit_gives_429_in_the_page_language(client, campaign, lang):
    data = form_data(pledge_title="")  # invalid: nothing saved, but every send counts
    for _ in range(10):
        assert client.post(url("participate:form", lang), data).status_code == 200
    response = client.post(url("participate:form", lang), data)
    assert response.status_code == 429
    assert {"fi": "Liian monta yritystä", "sv": "För många försök"}[lang] in (
        response.content.decode()
    )
    # Another address is not affected; reading the page never counts.
    assert client.get(url("participate:form", lang)).status_code == 200
    other = client.post(url("participate:form", lang), data, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_csrf_is_enforced(campaign):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url("participate:form", "fi"), form_data())
    assert response.status_code == 403
    assert not Submission.objects.exists()


# --- Mail ----------------------------------------------------------------------------


def test_receipt_mail_in_the_submitters_language_with_a_working_status_link(
    client, campaign, smtp_server, django_capture_on_commit_callbacks
):
    data = form_data(
        pledge_title="Vi lovar ett språkcafé",
        pledge_text="Varje tisdag i biblioteket.",
        contact_email="stina@example.fi",
        **{
            "partners-0-name": "Byggfirman Ab",
            "partners-0-type": "company",
            "partners-0-email": "bygg@example.fi",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("participate:form", "sv"), data)
    assert response.status_code == 302
    # Only the receipt: the partner is mailed once the submitter has confirmed the address.
    by_recipient = {str(m["To"]): m for m in smtp_server.messages}
    assert set(by_recipient) == {"stina@example.fi"}
    receipt = by_recipient["stina@example.fi"]
    assert receipt["Subject"] == "Vi har tagit emot ert bidrag"
    assert receipt["Content-Language"] == "sv"
    text = receipt.get_body(("plain",)).get_content()
    assert "Vi lovar ett språkcafé" in text
    assert "Byggfirman Ab" in text
    confirm = re.search(r"http://testserver(/sv/delta/bekrafta/\S+)", text).group(1)
    link = re.search(r"http://testserver(/sv/delta/status/\S+)", text).group(1)
    submission = Submission.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link == url("participate:status", "sv", token=token)
    assert STATUS_LINK.read(token) == submission.pk
    html = receipt.get_body(("html",)).get_content()
    assert '<html lang="sv">' in html
    page = client.get(link)
    assert page.status_code == 200
    assert "Vi lovar ett språkcafé" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm).status_code == 302
    invitation = {str(m["To"]): m for m in smtp_server.messages}["bygg@example.fi"]
    assert invitation["Content-Language"] == "sv"
    assert "Kotoutumisyhdistys Testi ry" not in invitation["Subject"]
    assert "Kotoutumisyhdistys Testi ry" in invitation.get_body(("plain",)).get_content()
    assert all(d.status == Delivery.Status.SENT for d in Delivery.objects.all())


def test_broker_down_still_saves_the_submission_and_the_mail_goes_out_later(
    client, campaign, smtp_server, django_capture_on_commit_callbacks
):
    with celery_broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("participate:form", "fi"), form_data())
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.template == "pledge_receipt"
    assert smtp_server.messages == []
    # The broker is back: the outbox's periodic re-queue job sends the receipt.
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert deliveries_requeue() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert [str(m["To"]) for m in smtp_server.messages] == ["maija@example.fi"]


# --- The private status page -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_status_page_lists_entries_and_partners_and_withdraws(client, lang):
    pledge = PledgeFactory(status=Entry.Status.SUBMITTED, title_fi="Oma lupaus")
    rejected = PledgeFactory(
        submission=pledge.submission, status=Entry.Status.REJECTED, title_fi="Hylätty"
    )
    Partner.objects.create(
        submission=pledge.submission,
        organisation=Organisation.objects.create(name="Kumppani Oy", type="company"),
        contact_email="k@example.fi",
    )
    token = STATUS_LINK.make(pledge.submission.pk)
    link = url("participate:status", lang, token=token)
    ask = url("participate:withdraw", lang, token=token, entry=f"pledge-{pledge.pk}")
    html = client.get(link).content.decode()
    assert "Oma lupaus" in html and "Kumppani Oy" in html
    assert f'href="{ask}"' in html
    assert f"pledge-{rejected.pk}" not in html
    assert 'name="robots" content="noindex"' in html

    # Withdrawing takes two steps: the first only explains and asks (a page from before
    # this change posting to the status page is led there too).
    response = client.post(link, {"entry": f"pledge-{pledge.pk}"})
    assert response.status_code == 302 and response["Location"] == ask
    page = client.get(ask)
    assert page.status_code == 200
    question = " ".join(page.content.decode().split())
    assert {"fi": "Perutaanko lupaus?", "sv": "Vill ni återkalla löftet?"}[lang] in question
    assert {"fi": "Sitä ei julkaista.", "sv": "Det publiceras inte."}[lang] in question
    assert f'href="{link}"' in question  # the way back without withdrawing
    assert {"fi": "Kyllä, peru lupaus", "sv": "Ja, återkalla löftet"}[lang] in question
    pledge.refresh_from_db()
    assert pledge.status == Entry.Status.SUBMITTED

    response = client.post(ask)
    assert response.status_code == 302 and response["Location"] == link
    pledge.refresh_from_db()
    assert pledge.status == Entry.Status.WITHDRAWN
    change = audit_history(pledge).get()
    assert (change.action, change.before, change.after, change.actor, change.actor_label) == (
        "withdrawn",
        {"status": "submitted"},
        {"status": "withdrawn"},
        None,
        "submitter",
    )
    page = client.get(link).content.decode()
    assert {"fi": "Peruttu:", "sv": "Återkallat:"}[lang] in page
    # Withdrawing twice changes nothing; the question page says it is done.
    client.post(ask)
    assert audit_history(pledge).count() == 1
    again = client.get(ask).content.decode()
    assert {"fi": "Olette jo perunut sen.", "sv": "Ni har redan återkallat det."}[lang] in again


def test_status_page_refuses_entries_of_another_submission(client):
    mine = PledgeFactory(status=Entry.Status.SUBMITTED)
    other = PledgeFactory(status=Entry.Status.SUBMITTED)
    token = STATUS_LINK.make(mine.submission.pk)
    for entry in (f"pledge-{other.pk}", f"initiative-{mine.pk}", "junk", "pledge-9" * 30):
        ask = url("participate:withdraw", "fi", token=token, entry=entry)
        assert client.get(ask).status_code == 404
        assert client.post(ask).status_code == 404
    other.refresh_from_db()
    assert other.status == Entry.Status.SUBMITTED
    link = url("participate:status", "fi", token=token)
    assert client.post(link, {"entry": "junk"}).status_code == 302
    bad = url("participate:withdraw", "fi", token="tampered", entry=f"pledge-{mine.pk}")
    assert client.post(bad).status_code == 404
    mine.refresh_from_db()
    assert mine.status == Entry.Status.SUBMITTED


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("token", ["abc", "MQ:1vXYZ:tampered", "x" * 300, "%00"])
def test_tampered_status_link_gives_a_clear_404(client, lang, token):
    SubmissionFactory()
    response = client.get(url("participate:status", lang, token=token))
    assert response.status_code == 404
    html = response.content.decode()
    assert {"fi": "Linkki ei toimi", "sv": "Länken fungerar inte"}[lang] in html
    assert client.post(url("participate:status", lang, token=token), {}).status_code == 404


def test_status_link_for_a_deleted_submission_is_a_404(client):
    response = client.get(url("participate:status", "fi", token=STATUS_LINK.make(987654)))
    assert response.status_code == 404
