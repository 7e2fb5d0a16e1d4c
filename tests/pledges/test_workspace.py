"""The password-less workspace: asking for a link, using it once, what it shows, abuse."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from mailings.models import Delivery
from pledges.models import Entry, Partner, WorkspaceSignIn
from pledges.services import PARTNER_LINK, STATUS_LINK
from pledges.workspace import SIGN_IN_LINK
from privacy.services import (
    personal_data_anonymise_expired,
    personal_data_erase,
    personal_data_export,
)
from tests.pledges import factories
from tests.pledges.factories import OrganisationFactory, PartnerFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
LANGS = ["fi", "sv"]
ANSWER = {
    "fi": "Jos osoite on meillä tiedossa, kirjautumislinkki on matkalla siihen.",
    "sv": "Om adressen är känd för oss är en inloggningslänk på väg till den.",
}


class PledgeFactory(factories.PledgeFactory):
    class Meta:
        skip_postgeneration_save = True


class InitiativeFactory(factories.InitiativeFactory):
    class Meta:
        skip_postgeneration_save = True


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str = "fi", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def confirmed_submission(**kwargs):
    return SubmissionFactory(contact_confirmed_at=timezone.now(), **kwargs)


def ask(client, email: str, lang: str = "fi", **extra):
    return client.post(url("workspace:workspace", lang), {"email": email, "website": ""}, **extra)


def link_from(raw: bytes, lang: str) -> str:
    text = raw.decode("utf-8", "replace").replace("=\r\n", "").replace("=\n", "")
    word = {"fi": "tyotila/kirjaudu", "sv": "arbetsyta/logga-in"}[lang]
    return re.search(rf"http://testserver(/{lang}/{word}/[^\s\"<]+/)", text).group(1)


def sign_in(client, address: str, smtp_server, captured, lang: str = "fi") -> str:
    with captured(execute=True):
        ask(client, address, lang)
    link = link_from(smtp_server.raw[-1], lang)
    assert client.post(link).status_code == 302
    return link


@pytest.mark.parametrize("lang", LANGS)
def test_same_answer_for_known_and_unknown_addresses_and_mail_only_to_the_known(
    client, smtp_server, django_capture_on_commit_callbacks, lang
):
    submission = confirmed_submission(contact_email="Maija@Example.fi")
    SubmissionFactory(contact_email="unconfirmed@example.fi")  # address never confirmed
    answers = []
    for address in ("maija@example.FI", "nobody@example.fi", "unconfirmed@example.fi"):
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, address, lang, follow=True)
        answers.append((response.status_code, response.redirect_chain, response.content))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 200
    assert ANSWER[lang] in answers[0][2].decode()
    assert [str(m["To"]) for m in smtp_server.messages] == ["maija@example.fi"]
    assert WorkspaceSignIn.objects.get().email == "maija@example.fi"
    mail = smtp_server.messages[0]
    assert mail["Content-Language"] == lang
    raw = smtp_server.raw[0]
    link = link_from(raw, lang)
    assert SIGN_IN_LINK.read(link.rstrip("/").rsplit("/", 1)[1]) == (
        WorkspaceSignIn.objects.get().pk
    )
    assert submission.organisation.name.encode() not in raw


def test_the_mail_carries_nothing_typed_into_the_form(
    client, smtp_server, django_capture_on_commit_callbacks
):
    confirmed_submission(contact_email="maija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("workspace:workspace"),
            {"email": "maija@example.fi", "website": "", "message": "Osta halpoja kelloja"},
        )
    assert len(smtp_server.raw) == 1
    assert b"kelloja" not in smtp_server.raw[0]
    assert Delivery.objects.get().context.keys() == {"sign_in_url", "minutes"}


def test_partner_invitation_address_gets_a_link(
    client, smtp_server, django_capture_on_commit_callbacks
):
    PartnerFactory(contact_email="kumppani@example.fi", invitation=Partner.Invitation.SENT)
    PartnerFactory(contact_email="waiting@example.fi", invitation=Partner.Invitation.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "kumppani@example.fi")
        ask(client, "waiting@example.fi")
    assert [str(m["To"]) for m in smtp_server.messages] == ["kumppani@example.fi"]


def test_honeypot_gets_the_same_answer_and_no_mail(
    client, smtp_server, django_capture_on_commit_callbacks
):
    confirmed_submission(contact_email="maija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("workspace:workspace"), {"email": "maija@example.fi", "website": "spam"}
        )
    assert response.status_code == 302
    assert response["Location"] == url("workspace:sent")
    assert smtp_server.messages == []


@pytest.mark.parametrize("lang", LANGS)
def test_invalid_address_is_an_error_in_the_page_language(client, lang):
    response = ask(client, "not an address", lang)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert {"fi": "muodossa nimi@esimerkki.fi", "sv": "i formen namn@exempel.fi"}[lang] in html
    assert 'aria-describedby="workspace-email_helptext workspace-email_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#workspace-email"' in html
    assert 'value="not an address"' in html


def test_link_works_once_and_signs_in(client, smtp_server, django_capture_on_commit_callbacks):
    confirmed_submission(contact_email="maija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "maija@example.fi")
    link = link_from(smtp_server.raw[0], "fi")
    # GET (as a mail scanner would) only shows the button and uses nothing up.
    for _ in range(2):
        shown = client.get(link)
        assert shown.status_code == 200
        assert "Kirjaudu" in shown.content.decode()
    assert WorkspaceSignIn.objects.get().used_at is None
    before = client.session.session_key
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == url("workspace:workspace")
    assert client.session.session_key != before
    assert "Olet kirjautunut osoitteella maija@example.fi." in (
        client.get(url("workspace:workspace")).content.decode()
    )
    assert WorkspaceSignIn.objects.get().used_at is not None
    # A second use, in another browser too, is refused with a clear page and a form.
    other = client.__class__()
    for browser in (client, other):
        again = browser.post(link)
        assert again.status_code == 404
        html = again.content.decode()
        assert "Tämä kirjautumislinkki ei toimi" in html
        assert 'name="email"' in html
    assert other.get(link).status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_expired_link_is_refused(client, smtp_server, django_capture_on_commit_callbacks, lang):
    confirmed_submission(contact_email="maija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "maija@example.fi", lang)
    link = link_from(smtp_server.raw[0], lang)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.get(link).status_code == 404
        response = client.post(link)
    assert response.status_code == 404
    assert {"fi": "Tämä kirjautumislinkki", "sv": "Den här inloggningslänken"}[lang] in (
        response.content.decode()
    )
    assert WorkspaceSignIn.objects.get().used_at is None


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "abc:def:ghi",
        STATUS_LINK.make(1),  # another purpose's link
        "%00",
        "1" * 500,
    ],
)
def test_tampered_links_are_refused_not_500(client, token):
    confirmed = confirmed_submission()
    sign_in_row = WorkspaceSignIn.objects.create(email=confirmed.contact_email, language="fi")
    good = SIGN_IN_LINK.make(sign_in_row.pk)
    for bad in (token, good[:-2] + "zz"):
        path = f"/fi/tyotila/kirjaudu/{bad}/"
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert WorkspaceSignIn.objects.get().used_at is None


def test_at_most_three_mails_an_hour_per_address_silently(
    client, smtp_server, django_capture_on_commit_callbacks
):
    confirmed_submission(contact_email="maija@example.fi")
    responses = []
    for index in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(ask(client, "maija@example.fi", REMOTE_ADDR=f"192.0.2.{index}"))
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, url("workspace:sent"))}
    assert len(smtp_server.messages) == 3
    later = timezone.now() + timedelta(minutes=61)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        ask(client, "maija@example.fi", REMOTE_ADDR="192.0.2.9")
    assert len(smtp_server.messages) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_per_ip_limit_gives_429(client, lang):
    for index in range(5):
        assert ask(client, f"nobody{index}@example.fi", lang).status_code == 302
    response = ask(client, "nobody@example.fi", lang)
    assert response.status_code == 429
    assert {"fi": "Liian monta yritystä", "sv": "För många försök"}[lang] in (
        response.content.decode()
    )
    assert client.get(url("workspace:workspace", lang)).status_code == 200
    assert ask(client, "x@example.fi", lang, REMOTE_ADDR="192.0.2.50").status_code == 302


def test_workspace_lists_exactly_the_contacts_submissions_and_invitations(
    client, smtp_server, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Silta ry")
    own = confirmed_submission(organisation=organisation, contact_email="maija@example.fi")
    pledge = PledgeFactory(submission=own, title_fi="Oma lupaus", status=Entry.Status.IN_REVIEW)
    initiative = InitiativeFactory(submission=own, title_fi="Oma aloite")
    other_org = confirmed_submission(contact_email="MAIJA@example.fi")
    PledgeFactory(submission=other_org, title_fi="Toisen organisaation lupaus")
    # Another contact of the same organisation: private entries stay private.
    impostor = confirmed_submission(organisation=organisation, contact_email="toinen@example.fi")
    PledgeFactory(submission=impostor, title_fi="Toisen yhteyshenkilön luonnos", status="submitted")
    PledgeFactory(submission=impostor, title_fi="Toisen julkinen lupaus")
    invited = PartnerFactory(
        contact_email="maija@example.fi",
        status=Partner.Status.PENDING,
        invitation=Partner.Invitation.SENT,
    )
    PartnerFactory(
        contact_email="maija@example.fi",
        status=Partner.Status.CONFIRMED,
        invitation=Partner.Invitation.SENT,
    )
    PartnerFactory(
        contact_email="toinen@example.fi",
        status=Partner.Status.PENDING,
        invitation=Partner.Invitation.SENT,
    )

    sign_in(client, "maija@example.fi", smtp_server, django_capture_on_commit_callbacks)
    response = client.get(url("workspace:workspace"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "Oma lupaus" in html
    assert "Oma aloite" in html
    assert "Toisen organisaation lupaus" in html
    assert "Toisen yhteyshenkilön luonnos" not in html
    # The organisation's other public entry is shown as the public page it is.
    public = impostor.pledges.get(title_fi="Toisen julkinen lupaus")
    assert f'href="{public.get_absolute_url()}"' in html
    assert STATUS_LINK.make(impostor.pk) not in html
    for submission in (own, other_org):
        assert url("participate:status", token=STATUS_LINK.make(submission.pk)) in html
    assert url("participate:indicators", token=STATUS_LINK.make(own.pk), pk=pledge.pk) in html
    assert url("participate:partner", token=PARTNER_LINK.make(invited.pk)) in html
    assert html.count(url("participate:partner", token="T").removesuffix("T/")) == 1
    assert initiative.get_status_display() in html


def test_due_reports_are_listed_with_their_link(
    client, smtp_server, django_capture_on_commit_callbacks
):
    submission = confirmed_submission(contact_email="maija@example.fi")
    pledge = PledgeFactory(
        submission=submission,
        title_fi="Raportoiva lupaus",
        report_interval_months=3,
        reporting_starts_on=timezone.localdate() - timedelta(days=120),
    )
    sign_in(client, "maija@example.fi", smtp_server, django_capture_on_commit_callbacks)
    html = client.get(url("workspace:workspace")).content.decode()
    assert url("participate:report", pk=pledge.pk, token="T").removesuffix("T/") in html
    assert "Raportoiva lupaus" in html
    assert "Raportteja ei ole tällä hetkellä erääntyneenä." not in html


def test_session_ends_after_two_hours_and_on_sign_out(
    client, smtp_server, django_capture_on_commit_callbacks
):
    confirmed_submission(contact_email="maija@example.fi")
    sign_in(client, "maija@example.fi", smtp_server, django_capture_on_commit_callbacks)
    signed_in = "Olet kirjautunut osoitteella"
    assert signed_in in client.get(url("workspace:workspace")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        assert signed_in not in client.get(url("workspace:workspace")).content.decode()
    # Sign-out is a POST only, and forgets the session.
    assert client.get(url("workspace:sign_out")).status_code == 405
    response = client.post(url("workspace:sign_out"))
    assert response.status_code == 302
    html = client.get(url("workspace:workspace")).content.decode()
    assert signed_in not in html
    assert 'name="email"' in html


def test_personal_data_export_erase_and_retention(client):
    WorkspaceSignIn.objects.create(email="maija@example.fi", language="fi")
    exported = personal_data_export(email="Maija@example.fi")
    assert [row["email"] for row in exported["workspace_sign_ins"]] == ["maija@example.fi"]
    personal_data_erase(email="maija@example.fi", user=None)
    assert not WorkspaceSignIn.objects.exists()
    old = WorkspaceSignIn.objects.create(email="old@example.fi", language="fi")
    WorkspaceSignIn.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    fresh = WorkspaceSignIn.objects.create(email="fresh@example.fi", language="sv")
    personal_data_anonymise_expired(older_than=timedelta(days=365))
    assert list(WorkspaceSignIn.objects.values_list("pk", flat=True)) == [fresh.pk]
