"""Rows stored with control characters (before the forms refused them, or by any other
way in) never break an export, a feed, a calendar file, the sitemap or a mail."""

import csv
import io
import re
import xml.dom.minidom
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from openpyxl import load_workbook

from core.text import has_control_characters, one_line, xml_safe
from events.models import Event
from mailings.services import delivery_send, transactional_mail_queue
from news.models import NewsItem
from pledges.models import Organisation, Submission
from tests.events.factories import EventFactory, RegistrationFactory
from tests.pledges.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    PledgeFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

# What a fuzzer stored: C0 and C1 controls, DEL, U+FFFE/U+FFFF (PostgreSQL cannot store
# NUL), and a formula behind a control character (still neutralised once it is gone).
BAD = "Paha\x01 nimi\x08\x0b\x0c\x1b\x7f\x85\x9f\ufffe\uffff ry"
FORMULA = "\x01=cmd|' /C calc'!A0"
# XML 1.0's Char production: what no XML writer may put out.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def test_xml_safe_drops_only_the_control_characters():
    assert xml_safe(BAD) == "Paha nimi ry"
    assert xml_safe("NUL\x00") == "NUL"
    assert xml_safe("tab\tLF\nCR\r åäö ‮ ​") == "tab\tLF\nCR\r åäö ‮ ​"
    assert xml_safe("\ud800lone") == "lone"
    assert xml_safe(None) == ""
    assert one_line("Otsikko\r\n\x01toinen\trivi") == "Otsikko toinen rivi"


@pytest.fixture
def stored():
    """A submission, its organisation, partner, pledge and initiative, all published."""
    organisation = OrganisationFactory(name=BAD)
    submission = SubmissionFactory(
        organisation=organisation,
        contact_name=FORMULA,
        contact_phone="040\x1f123",
        contact_email="yhteys@example.fi",
    )
    PartnerFactory(submission=submission, organisation=OrganisationFactory(name="Kump\x03pani"))
    pledge = PledgeFactory(submission=submission, title_fi=BAD, title_sv=BAD, text_fi=BAD)
    initiative = InitiativeFactory(submission=submission, title_fi=BAD, text_fi=BAD)
    return submission, pledge, initiative


def post_action(client, model, action: str, objects):
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    data = {"action": action, "_selected_action": [o.pk for o in objects], "index": 0}
    return client.post(changelist, data)


def cells(response) -> list[str]:
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize(
    ("model", "action"),
    [
        (Submission, "export_csv"),
        (Submission, "export_xlsx"),
        (Submission, "export_contacts_csv"),
        (Submission, "export_contacts_xlsx"),
        (Organisation, "export_csv"),
        (Organisation, "export_xlsx"),
        (Organisation, "export_contacts_xlsx"),
    ],
)
def test_staff_exports_open_with_control_characters_stored(admin_client, stored, model, action):
    submission = stored[0]
    objects = [submission] if model is Submission else Organisation.objects.all()
    response = post_action(admin_client, model, action, objects)
    assert response.status_code == 200
    values = cells(response)
    assert not any(has_control_characters(value) for value in values)
    assert "Paha nimi ry" in values
    if "contacts" in action or model is Submission:
        # The control character is gone and the formula is still neutralised.
        assert "'=cmd|' /C calc'!A0" in values


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_registration_exports_open_with_control_characters_stored(admin_client, action):
    event = EventFactory(title_fi="Tilai\x01suus")
    RegistrationFactory(event=event, name=FORMULA, organisation=BAD, needs="Ruoka\x1a\nvalio")
    response = post_action(admin_client, Event, action, [event])
    assert response.status_code == 200
    values = cells(response)
    assert not any(has_control_characters(value) for value in values)
    assert {"Tilaisuus", "'=cmd|' /C calc'!A0", "Paha nimi ry", "Ruoka\nvalio"} <= set(values)


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("namespace", ["pledges", "initiatives"])
def test_entry_feeds_stay_well_formed(client, stored, lang, namespace):
    response = client.get(url(f"{namespace}:feed", lang))
    assert response.status_code == 200
    assert not NOT_XML.search(response.content.decode())
    xml.dom.minidom.parseString(response.content)  # well-formed, or it raises
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.author for entry in feed.entries] == ["Paha nimi ry"]
    assert feed.entries[0].title.startswith("Paha nimi ry")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_news_feed_stays_well_formed(client, lang):
    now = timezone.now()
    NewsItem.objects.create(
        title_fi=BAD,
        title_sv=BAD,
        lead_fi="Ing\x01ressi",
        lead_sv="Ing\x01ress",
        published_fi=now - timedelta(days=1),
        published_sv=now - timedelta(days=1),
    )
    response = client.get(url("news:feed", lang))
    assert response.status_code == 200
    xml.dom.minidom.parseString(response.content)
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries[0].title == "Paha nimi ry"


def test_sitemap_stays_well_formed(client, stored):
    now = timezone.now()
    NewsItem.objects.create(
        title_fi=BAD, title_sv=BAD, published_fi=now - timedelta(days=1), published_sv=now
    )
    EventFactory(title_fi=BAD, title_sv=BAD)
    from tests.portal.test_sitemaps import sitemap_pages

    index = client.get("/sitemap.xml")
    for response in [index, *sitemap_pages(client)]:
        assert response.status_code == 200
        content = response.content.decode()
        assert not NOT_XML.search(content)
        xml.dom.minidom.parseString(response.content)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_calendar_files_carry_no_control_characters(client, lang):
    event = EventFactory(
        title_fi=BAD,
        title_sv=BAD,
        description_fi="Kuvaus\x01",
        description_sv="Beskrivning\x01",
        place_fi="Sali\x7f",
        place_sv="Sal\x7f",
    )
    for response in (
        client.get(url("events:ics", lang, pk=event.pk)),
        client.get(url("events:calendar", lang)),
    ):
        assert response.status_code == 200
        text = response.content.decode()
        assert not has_control_characters(text.replace("\r\n", ""))
        [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "Paha nimi ry"
        assert str(vevent["LOCATION"]).startswith(("Sali,", "Sal,"))


def test_mail_subject_and_bodies_carry_no_control_characters(smtp_server):
    delivery = transactional_mail_queue(
        to="maija@example.fi",
        template="test_message",
        context={"title": "Hei\x01\nrivi\x1b åäö"},
        language="fi",
    )
    delivery_send(delivery_id=delivery.pk)
    [raw] = smtp_server.raw
    assert not has_control_characters(raw.decode("utf-8", "replace").replace("\r\n", ""))
    [message] = smtp_server.messages
    assert message["Subject"].endswith("Hei rivi åäö")
    assert "Hei\r\nrivi åäö" in message.get_body(("plain",)).get_content()
    assert not has_control_characters(message.get_body(("html",)).get_content())
