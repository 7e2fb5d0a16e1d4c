"""Submitters' contact details (name, email, phone) only for roles that handle them.

Curators (who contact submitters) and personal data handlers hold
`pledges.view_contact_details`; translators, the jury, communications and plain staff do
not, so the list, the change form, the search, the exports and the history show them none.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from pledges.models import Entry, PartnerInterest, Submission
from portal.roles import COMMUNICATIONS, CURATORS, JURY, PERSONAL_DATA_HANDLERS, TRANSLATORS
from tests.conftest import verified_login
from tests.pledges.factories import (
    InitiativeFactory,
    PartnerFactory,
    PledgeFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Maija Yhteyshenkilö", "maija.yhteys@example.fi", "+358 40 765 4321"
PARTNER_EMAIL = "kumppani.yhteys@example.fi"
PLAIN = "plain staff"
ROLES_WITH = [CURATORS, PERSONAL_DATA_HANDLERS]
ROLES_WITHOUT = [TRANSLATORS, JURY, COMMUNICATIONS, PLAIN]


@pytest.fixture
def entry():
    submission = SubmissionFactory(contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE)
    PartnerFactory(submission=submission, contact_email=PARTNER_EMAIL)
    return PledgeFactory(submission=submission, status=Entry.Status.SUBMITTED)


@pytest.fixture
def login(client, django_user_model):
    def make(role: str, *extra_perms: str):
        user = django_user_model.objects.create_user(
            username=f"u-{role.replace(' ', '-').lower()}", password="x", is_staff=True
        )
        if role != PLAIN:
            user.groups.add(Group.objects.get(name=role))
        for name in extra_perms:
            app_label, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return verified_login(client, user)

    return make


def shows_contact(html: str) -> bool:
    return any(value in html for value in (NAME, EMAIL, PHONE, PARTNER_EMAIL))


def test_the_permission_belongs_to_curators_and_personal_data_handlers_only():
    holders = set(
        Group.objects.filter(permissions__codename="view_contact_details").values_list(
            "name", flat=True
        )
    )
    assert holders == set(ROLES_WITH)


@pytest.mark.parametrize("role", [*ROLES_WITH, *ROLES_WITHOUT])
def test_entry_change_form_and_history_show_contacts_only_to_those_who_handle_them(
    login, entry, role
):
    client = login(role)
    expected = role == CURATORS  # the only role that opens entries and holds the permission
    change = client.get(reverse("admin:pledges_pledge_change", args=[entry.pk]))
    history = client.get(reverse("admin:pledges_pledge_history", args=[entry.pk]))
    for response in (change, history):
        assert response.status_code in (200, 403)
        assert shows_contact(response.content.decode()) == (expected and response is change), (
            response.request["PATH_INFO"]
        )
    if role == TRANSLATORS:
        # A translator opens the entry to translate it, without its contact person.
        assert change.status_code == 200 and history.status_code == 200
        assert entry.title_fi in change.content.decode()


def test_a_translator_cannot_find_an_entry_by_its_contacts_address(login, entry):
    client = login(TRANSLATORS)
    url = reverse("admin:pledges_pledge_changelist")
    html = client.get(url, {"q": EMAIL}).content.decode()
    assert entry.title_fi not in html  # (the search box itself echoes the query)
    # ...while a curator can.
    html = login(CURATORS).get(url, {"q": EMAIL}).content.decode()
    assert entry.title_fi in html


@pytest.mark.parametrize(
    ("perms", "visible"), [((), False), (("pledges.view_contact_details",), True)]
)
def test_submission_list_form_search_and_partner_inline_follow_the_permission(
    login, entry, perms, visible
):
    # A role that reviews submissions without handling contacts: the view permission only.
    client = login(PLAIN, "pledges.view_submission", "pledges.view_partner", *perms)
    submission = entry.submission
    listing = client.get(reverse("admin:pledges_submission_changelist"))
    change = client.get(reverse("admin:pledges_submission_change", args=[submission.pk]))
    assert listing.status_code == change.status_code == 200
    assert shows_contact(listing.content.decode()) == visible
    assert shows_contact(change.content.decode()) == visible
    found = client.get(reverse("admin:pledges_submission_changelist"), {"q": EMAIL})
    assert (str(submission.organisation) in found.content.decode()) == visible


def export(client, action: str, submission: Submission):
    return client.post(
        reverse("admin:pledges_submission_changelist"),
        {"action": action, "_selected_action": [submission.pk], "index": 0},
    )


@pytest.mark.parametrize(
    ("perms", "visible"), [((), False), (("pledges.view_contact_details",), True)]
)
def test_exports_follow_the_permission(login, entry, perms, visible):
    client = login(PLAIN, "pledges.view_submission", *perms)
    submission = entry.submission
    response = export(client, "export_csv", submission)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert ("Contact email" in header or "Yhteyshenkilön sähköposti" in header) == visible
    assert shows_contact(text) == visible
    assert submission.organisation.name in text

    xlsx = export(client, "export_xlsx", submission)
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    cells = [
        str(cell.value)
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
        for cell in row
    ]
    assert shows_contact("\n".join(cells)) == visible

    # The contact exports are not offered (nor run) without the permission.
    offered = client.get(reverse("admin:pledges_submission_changelist")).content.decode()
    assert ('value="export_contacts_csv"' in offered) == visible
    contacts = export(client, "export_contacts_csv", submission)
    if visible:
        assert EMAIL in contacts.content.decode("utf-8-sig")
    else:
        assert EMAIL not in contacts.content.decode("utf-8", "replace")


def test_partner_interest_contacts_only_with_the_permission(login):
    interest = PartnerInterest.objects.create(
        initiative=InitiativeFactory(),
        organisation_name="Liikuntaseura ry",
        contact_name=NAME,
        email=EMAIL,
        message="Haluamme mukaan.",
    )
    url = reverse("admin:pledges_partnerinterest_change", args=[interest.pk])
    without = login(PLAIN, "pledges.view_partnerinterest").get(url)
    assert without.status_code == 200 and not shows_contact(without.content.decode())
    with_permission = login(CURATORS).get(url)
    assert shows_contact(with_permission.content.decode())
