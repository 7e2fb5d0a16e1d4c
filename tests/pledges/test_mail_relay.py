"""The participation form is not a mail relay (issue 9, item 3), on the wire.

An anonymous sending mails only the address it gives for the submitter; partners are mailed
only once that address has been confirmed through the receipt's link (GET asks, POST
confirms); one address appears once per submission; invitations to an address are capped
per day; and no subject line carries anything the public typed.
"""

import email
import email.policy
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from pledges.interest import partner_interest_send
from pledges.models import Entry, Partner, Pledge, Submission
from pledges.services import CONFIRM_LINK, STATUS_LINK, entry_publish
from tests.conftest import assert_valid_html, verified_login
from tests.pledges.factories import CampaignFactory, OrganisationFactory, PledgeFactory
from tests.pledges.test_submission import form_data, url

pytestmark = pytest.mark.django_db
LANGS = ["fi", "sv"]
SUBMITTER = "lahettaja@example.fi"
# Typed by the public; none of it may reach a subject line.
TYPED = {
    "organisation_name": "Zorgorg Relay ÅÄÖ ry",
    "contact_name": "Zorgname Spammer",
    "pledge_title": "Zorgtitle BUY CHEAP PILLS",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign():
    return CampaignFactory(name_fi="Kampanja 2026", name_sv="Kampanjen 2026")


def partner_rows(emails: list[str]) -> dict:
    rows = {"partners-TOTAL_FORMS": str(len(emails))}
    for number, address in enumerate(emails):
        rows[f"partners-{number}-name"] = f"Zorgpartner {number} Oy"
        rows[f"partners-{number}-type"] = "company"
        rows[f"partners-{number}-email"] = address
    return rows


def submit(client, lang: str, *, partners: list[str], contact_email: str = SUBMITTER, **extra):
    data = form_data(contact_email=contact_email, **TYPED, **partner_rows(partners), **extra)
    return client.post(url("participate:form", lang), data)


def confirm_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    links = re.findall(r"http://testserver(/\S+)", text)
    [link] = [link for link in links if "/vahvista/" in link or "/bekrafta/" in link]
    return link


def raw_subject(raw: bytes) -> bytes:
    """The Subject header exactly as it crossed the wire (with any folded lines)."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    match = re.search(rb"^Subject:(.*?)(?=^\S)", head + b"\r\nX:", re.M | re.S)
    return match.group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_ten_partners_get_nothing_until_the_submitter_confirms(
    client, campaign, smtp_server, django_capture_on_commit_callbacks, lang
):
    partners = [f"kumppani{n}@example.fi" for n in range(10)]
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, lang, partners=partners).status_code == 302
    # One anonymous POST: exactly one mail, to the address given for the submitter.
    assert smtp_server.recipients() == [SUBMITTER]
    [receipt] = smtp_server.messages
    link = confirm_link(receipt)
    submission = Submission.objects.get()
    assert CONFIRM_LINK.read(link.rstrip("/").rsplit("/", 1)[1]) == submission.pk
    assert set(Partner.objects.values_list("invitation", flat=True)) == {"waiting"}

    # A mail scanner (or the person) opening the link changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    button = {"fi": "Vahvista sähköpostiosoitteeni", "sv": "Bekräfta min e-postadress"}[lang]
    assert button in html and 'method="post"' in html
    assert "Zorgpartner 9 Oy" in html
    submission.refresh_from_db()
    assert submission.contact_confirmed_at is None
    assert smtp_server.recipients() == [SUBMITTER]

    # The status page says the partners wait for the confirmation.
    status = client.get(url("participate:status", lang, token=STATUS_LINK.make(submission.pk)))
    waiting = {"fi": "kutsu odottaa, että vahvistatte osoitteenne", "sv": "inbjudan väntar"}
    assert waiting[lang] in status.content.decode()

    # The button: now, and only now, the ten invitations go out.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302 and response["Location"] == link
    assert sorted(smtp_server.recipients()) == sorted([SUBMITTER, *partners])
    submission.refresh_from_db()
    assert submission.contact_confirmed_at is not None
    assert set(Partner.objects.values_list("invitation", flat=True)) == {"sent"}
    for message in smtp_server.messages[1:]:
        assert message["Content-Language"] == lang
    done = client.get(link).content.decode()
    assert {"fi": "Sähköpostiosoitteenne on vahvistettu", "sv": "Er e-postadress är bekräftad"}[
        lang
    ] in done

    # Confirming again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert len(smtp_server.messages) == 11


@pytest.mark.parametrize("lang", LANGS)
def test_no_subject_carries_what_the_public_typed(
    client, campaign, smtp_server, django_capture_on_commit_callbacks, lang
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, lang, partners=["kumppani@example.fi"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(smtp_server.messages[0]))
    pledge = Pledge.objects.get()
    # The status mail, and the join-as-partner mail the public can send to a submitter.
    with django_capture_on_commit_callbacks(execute=True):
        entry_publish(entry=pledge, by=None)
    initiative_form = form_data(
        contact_email="toinen@example.fi",
        pledge_title="",
        pledge_text="",
        initiative_title="Zorgtitle aloite",
        initiative_text="Teksti.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("participate:form", lang), initiative_form)
    initiative = Submission.objects.get(contact_email="toinen@example.fi").initiatives.get()
    initiative.status = Entry.Status.PUBLISHED
    initiative.save()
    with django_capture_on_commit_callbacks(execute=True):
        partner_interest_send(
            initiative=initiative,
            organisation_name="Zorginterest Org",
            contact_name="Zorgname Two",
            email="kiinnostunut@example.fi",
            message="Zorgmessage",
        )

    assert len(smtp_server.raw) == 5  # receipt, invitation, status, receipt, interest
    for raw in smtp_server.raw:
        subject = raw_subject(raw)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
        for text in (subject, parsed.encode()):
            assert b"zorg" not in text.lower(), (subject, parsed)
    subjects = {
        str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
        for raw in smtp_server.raw
    }
    expected = {
        "fi": {
            "Olemme vastaanottaneet ehdotuksenne",
            "Kutsu kumppaniksi kotouttamisen kumppanuusohjelmaan",
            "Ehdotuksenne on julkaistu",
            f"Organisaatio haluaa mukaan aloitteeseenne nro {initiative.pk}",
        },
        "sv": {
            "Vi har tagit emot ert bidrag",
            "Inbjudan att delta som partner i partnerskapsprogrammet för integrationsfrämjande",
            f"En organisation vill delta i ert initiativ nr {initiative.pk}",
        },
    }[lang]
    assert expected <= subjects, subjects


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("emails", "message"),
    [
        (
            ["sama@example.fi", "SAMA@example.fi"],
            "This address is already given for another partner.",
        ),
        (
            ["muu@example.fi", "Lahettaja@Example.fi"],
            "This is your own address: give the partner organisation's address.",
        ),
    ],
)
def test_an_address_appears_once_per_submission(
    client, campaign, smtp_server, lang, emails, message
):
    response = submit(client, lang, partners=emails, contact_email=SUBMITTER)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(lang):
        translated = gettext(message)
    assert translated != message  # in the page's language, not in English
    assert escape(translated) in html
    row = 1
    # The error is on the row's own field and in the summary, which links to it.
    assert f'href="#id_partners-{row}-email"' in html
    assert re.search(
        rf'id="id_partners-{row}-email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_partners-{row}-email"',
        html,
    )
    assert not Submission.objects.exists()
    assert smtp_server.messages == []


def test_invitations_to_one_address_are_capped_per_day_and_staff_see_it(
    client, campaign, smtp_server, django_capture_on_commit_callbacks, admin_user, settings
):
    assert settings.PLEDGES_INVITATIONS_PER_ADDRESS_PER_DAY == 3  # the documented default
    victim = "uhri@example.fi"
    links = []
    for number in range(5):
        address = victim if number != 2 else "Uhri@Example.FI"  # the same mailbox
        with django_capture_on_commit_callbacks(execute=True):
            response = submit(
                client, "fi", partners=[address], contact_email=f"lahettaja{number}@example.fi"
            )
        assert response.status_code == 302
        links.append(confirm_link(smtp_server.messages[-1]))
    for link in links[:4]:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(link).status_code == 302
    invited = [r for r in smtp_server.recipients() if r.casefold() == victim]
    assert len(invited) == 3
    over = Partner.objects.get(invitation=Partner.Invitation.OVER_LIMIT)
    assert over.submission.contact_email == "lahettaja3@example.fi"
    assert over.invitation_at is not None

    # The submitter is told, and staff see it in the admin (field and list filter).
    status = client.get(url("participate:status", "fi", token=STATUS_LINK.make(over.submission.pk)))
    assert "kutsua ei lähetetty" in status.content.decode()
    verified_login(client, admin_user)
    change = client.get(f"/admin/pledges/submission/{over.submission.pk}/change/")
    assert change.status_code == 200
    assert "ei lähetetty: osoitteen päiväkohtainen enimmäismäärä täynnä" in change.content.decode()
    listing = client.get("/admin/pledges/submission/?partners__invitation=over_limit")
    assert listing.context["cl"].result_count == 1
    unconfirmed = client.get("/admin/pledges/submission/?contact_confirmed=no")
    assert unconfirmed.context["cl"].result_count == 1
    client.logout()

    # A day later the address can be invited again.
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(links[4]).status_code == 302
    assert len([r for r in smtp_server.recipients() if r.casefold() == victim]) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_bad_and_expired_confirm_links_are_refused(client, campaign, lang):
    with time_machine.travel(timezone.now() - timedelta(days=181)):
        old = CONFIRM_LINK.make(1)
    for token in ["abc", "MQ:1vXYZ:tampered", old]:
        response = client.get(url("participate:confirm", lang, token=token))
        assert response.status_code == 404
        assert {"fi": "Linkki ei toimi", "sv": "Länken fungerar inte"}[lang] in (
            response.content.decode()
        )
        assert client.post(url("participate:confirm", lang, token=token)).status_code == 404
    # A status link is no confirm link.
    response = client.get(url("participate:confirm", lang, token=STATUS_LINK.make(1)))
    assert response.status_code == 404


def test_new_pages_are_valid_html(client, campaign, tmp_path):
    pledge = PledgeFactory(status=Entry.Status.SUBMITTED)
    submission = pledge.submission
    Partner.objects.create(
        submission=submission,
        organisation=OrganisationFactory(name="Kumppani Oy"),
        contact_email="k@example.fi",
    )
    token = STATUS_LINK.make(submission.pk)
    pages = []
    for lang in LANGS:
        confirm = url("participate:confirm", lang, token=CONFIRM_LINK.make(submission.pk))
        pages.append(client.get(confirm).content)
        pages.append(client.get(url("participate:form", lang)).content)
        pages.append(client.get(url("participate:status", lang, token=token)).content)
        ask = url("participate:withdraw", lang, token=token, entry=f"pledge-{pledge.pk}")
        pages.append(client.get(ask).content)
    client.post(url("participate:confirm", "fi", token=CONFIRM_LINK.make(submission.pk)))
    for lang in LANGS:
        confirm = url("participate:confirm", lang, token=CONFIRM_LINK.make(submission.pk))
        pages.append(client.get(confirm).content)
    assert_valid_html(pages, tmp_path)
