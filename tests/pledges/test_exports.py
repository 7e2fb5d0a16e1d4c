"""CSV and XLSX exports of submissions, organisations and contacts from the admin."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from pledges import exports
from pledges.models import Organisation, Submission
from tests.pledges.factories import (
    OrganisationFactory,
    PartnerFactory,
    PledgeFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
ACTIONS = [
    exports.export_csv,
    exports.export_xlsx,
    exports.export_contacts_csv,
    exports.export_contacts_xlsx,
]


@pytest.fixture(autouse=True)
def _actions(monkeypatch):
    """The actions as pledges/admin.py wires them into both admins."""
    for model in (Organisation, Submission):
        monkeypatch.setattr(admin.site._registry[model], "actions", ACTIONS)


def post_action(client, model, action, objects, query="", **extra):
    url = reverse(f"admin:pledges_{model._meta.model_name}_changelist") + query
    data = {"action": action, "_selected_action": [o.pk for o in objects], "index": 0, **extra}
    return client.post(url, data)


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_submissions_csv_keeps_scandinavian_letters_and_neutralises_formulas(admin_client):
    submission = SubmissionFactory(
        organisation__name="Åländska föreningen rf",
        contact_name='=HYPERLINK("http://evil.example","klikkaa")',
        contact_phone="+358 40 123 4567",
        contact_email="äiti@example.fi",
    )
    PledgeFactory(submission=submission, title_fi="Lupaus: yhteisöllinen kesä")
    response = post_action(admin_client, Submission, "export_csv", [submission])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="submissions-' in response["Content-Disposition"]
    header, row = read_csv(response)
    assert len(header) == len(row)
    values = dict(zip(header, row, strict=True))
    assert values["Organisaatio"] == "Åländska föreningen rf"
    assert values["Yhteyshenkilön nimi"] == '\'=HYPERLINK("http://evil.example","klikkaa")'
    assert values["Yhteyshenkilön puhelin"] == "'+358 40 123 4567"
    assert values["Lupaukset"] == "Lupaus: yhteisöllinen kesä"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(admin_client, start):
    organisation = OrganisationFactory(name=f"{start}1+1 Oy", website="")
    _header, row = read_csv(post_action(admin_client, Organisation, "export_csv", [organisation]))
    assert row[1] == f"'{start}1+1 Oy"


def test_select_all_exports_every_row_matching_the_filters(admin_client):
    companies = [
        OrganisationFactory(name=f"Yritys {n} Oy", type=Organisation.Type.COMPANY) for n in range(3)
    ]
    OrganisationFactory(name="Yhdistys ry", type=Organisation.Type.ASSOCIATION)
    # Only one row ticked, but "Select all" (select_across) on a filtered list.
    response = post_action(
        admin_client,
        Organisation,
        "export_csv",
        companies[:1],
        query="?type__exact=company",
        select_across=1,
    )
    names = sorted(row[1] for row in read_csv(response)[1:])
    assert names == sorted(o.name for o in companies)


def test_organisations_xlsx_reads_back(admin_client):
    organisation = OrganisationFactory(name="Östersundom-seura ry", business_id="1234567-8")
    SubmissionFactory(organisation=organisation)
    response = post_action(admin_client, Organisation, "export_xlsx", [organisation])
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Organisaatiot"
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert header[1] == "Nimi" and sheet["A1"].font.bold
    assert row[1] == "Östersundom-seura ry" and row[3] == "1234567-8"
    assert row[header.index("Ehdotukset")] == "1"
    assert sheet.column_dimensions["B"].width >= len("Östersundom-seura ry")
    assert sheet.freeze_panes == "A2"


def test_xlsx_neutralises_formulas(admin_client):
    submission = SubmissionFactory(contact_name="=cmd|' /C calc'!A0")
    response = post_action(admin_client, Submission, "export_xlsx", [submission])
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert "'=cmd|' /C calc'!A0" in values
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_contacts_of_submissions_and_of_organisations(admin_client):
    submission = SubmissionFactory(contact_name="Päivi Mäkelä", contact_email="paivi@example.fi")
    partner = PartnerFactory(submission=submission, contact_email="kumppani@example.fi")
    anonymised = SubmissionFactory(contact_email="erased-submission-1@anonymised.invalid")
    rows = read_csv(
        post_action(admin_client, Submission, "export_contacts_csv", [submission, anonymised])
    )
    emails = [row[3] for row in rows[1:]]
    assert emails == ["paivi@example.fi", "kumppani@example.fi"]
    assert rows[1][2] == "Päivi Mäkelä"

    response = post_action(
        admin_client, Organisation, "export_contacts_xlsx", [partner.organisation]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet["D"]][1:] == ["kumppani@example.fi"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_header_in_the_staff_members_language(admin_client, language):
    organisation = OrganisationFactory()
    url = reverse("admin:pledges_organisation_changelist")
    response = admin_client.post(
        url,
        {"action": "export_csv", "_selected_action": [organisation.pk], "index": 0},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    header = read_csv(response)[0]
    assert header[1] == {"fi": "Nimi", "sv": "Namn"}[language]


def test_exports_need_a_signed_in_staff_member(client):
    organisation = OrganisationFactory()
    response = post_action(client, Organisation, "export_csv", [organisation])
    assert response.status_code == 302 and "login" in response["Location"]


def test_export_query_count_does_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    submissions = [PledgeFactory().submission for _ in range(5)]
    with django_assert_max_num_queries(20):
        response = post_action(admin_client, Submission, "export_xlsx", submissions)
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 6
