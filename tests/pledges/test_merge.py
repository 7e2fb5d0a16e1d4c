"""Merging duplicate organisations: everything moves to the kept one and is recorded."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import audit_history
from audit.services import audit_record
from pledges.merge import merge_organisations, organisations_merge
from pledges.models import Initiative, Organisation, Partner, Pledge, Submission
from tests.pledges.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    PledgeFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
P = Partner.Status


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(username="kuraattori", is_staff=True)


def test_merge_moves_everything_fills_gaps_and_records_it(staff):
    keep = OrganisationFactory(name="Kotoutumisyhdistys ry", business_id="", website="")
    duplicate = OrganisationFactory(
        name="Kotoutumisyhdistys r.y.", business_id="1234567-8", website="https://example.fi"
    )
    pledge = PledgeFactory(submission__organisation=duplicate)
    initiative = InitiativeFactory(submission__organisation=duplicate)
    partner = PartnerFactory(organisation=duplicate)
    kept_pledge = PledgeFactory(submission__organisation=keep)

    log = organisations_merge(keep=keep, duplicates=[keep, duplicate], user=staff)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    assert Submission.objects.get(pk=pledge.submission_id).organisation == keep
    assert Pledge.objects.get(pk=pledge.pk).organisation == keep
    assert Initiative.objects.get(pk=initiative.pk).organisation == keep
    assert Partner.objects.get(pk=partner.pk).organisation == keep
    assert Pledge.objects.get(pk=kept_pledge.pk).organisation == keep
    keep.refresh_from_db()
    assert keep.name == "Kotoutumisyhdistys ry"  # the kept name wins
    assert (keep.business_id, keep.website) == ("1234567-8", "https://example.fi")

    assert list(audit_history(keep)) == [log]
    assert (log.action, log.object, log.object_repr, log.actor, log.actor_label) == (
        "organisations_merged",
        keep,
        "Kotoutumisyhdistys ry",
        staff,
        "kuraattori",
    )
    assert log.before["merged"] == [
        {
            "id": duplicate.pk,
            "name": "Kotoutumisyhdistys r.y.",
            "business_id": "1234567-8",
            "municipality": "Tampere",  # the Finnish name of the factory's 837
        }
    ]
    moved = log.after["moved"]
    assert moved["pledges.Submission"] == 2
    assert moved["pledges.Pledge"] == 1 and moved["pledges.Initiative"] == 1
    assert moved["pledges.Partner"] == 1
    assert sorted(log.after["filled_fields"]) == ["business_id", "website"]


def test_partner_named_twice_for_one_submission_becomes_one_row(staff):
    keep, duplicate = OrganisationFactory(), OrganisationFactory()
    submission = SubmissionFactory()
    pending = PartnerFactory(submission=submission, organisation=keep, status=P.PENDING)
    confirmed = PartnerFactory(
        submission=submission,
        organisation=duplicate,
        status=P.CONFIRMED,
        contact_email="vahvisti@example.fi",
    )
    # Another submission names only the duplicate: that row simply moves.
    other = PartnerFactory(organisation=duplicate, status=P.DECLINED)

    log = organisations_merge(keep=keep, duplicates=[duplicate], user=staff)

    rows = Partner.objects.filter(submission=submission)
    assert list(rows.values_list("pk", "organisation", "status", "contact_email")) == [
        (pending.pk, keep.pk, P.CONFIRMED, "vahvisti@example.fi")
    ]
    assert not Partner.objects.filter(pk=confirmed.pk).exists()
    assert Partner.objects.get(pk=other.pk).organisation == keep
    assert log.after["moved"]["partners_folded"] == 1


def test_the_weaker_duplicate_partner_row_is_dropped(staff):
    keep, duplicate = OrganisationFactory(), OrganisationFactory()
    submission = SubmissionFactory()
    confirmed = PartnerFactory(submission=submission, organisation=keep, status=P.CONFIRMED)
    PartnerFactory(submission=submission, organisation=duplicate, status=P.PENDING)
    organisations_merge(keep=keep, duplicates=[duplicate], user=staff)
    assert list(Partner.objects.filter(submission=submission)) == [confirmed]
    assert Partner.objects.get().status == P.CONFIRMED


def test_an_organisation_does_not_become_its_own_partner(staff):
    keep, duplicate = OrganisationFactory(), OrganisationFactory()
    submission = SubmissionFactory(organisation=keep)
    PartnerFactory(submission=submission, organisation=duplicate)
    log = organisations_merge(keep=keep, duplicates=[duplicate], user=staff)
    assert not Partner.objects.filter(submission=submission).exists()
    assert log.after["moved"]["partners_dropped"] == 1


def test_nothing_to_merge_is_refused(staff):
    keep = OrganisationFactory()
    with pytest.raises(ValidationError):
        organisations_merge(keep=keep, duplicates=[keep], user=staff)
    assert not AuditEvent.objects.exists()


@pytest.fixture
def merge_action(monkeypatch):
    """The action as pledges/admin.py wires it into OrganisationAdmin."""
    monkeypatch.setattr(admin.site._registry[Organisation], "actions", [merge_organisations])


def changelist() -> str:
    return reverse("admin:pledges_organisation_changelist")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_admin_action_asks_which_to_keep_then_merges(
    admin_client, admin_user, merge_action, language
):
    first = OrganisationFactory(name="Monikulttuurikeskus ry")
    second = OrganisationFactory(name="Monikulttuurikeskus")
    pledge = PledgeFactory(submission__organisation=second)
    selected = {"action": "merge_organisations", "_selected_action": [first.pk, second.pk]}

    page = admin_client.post(changelist(), {**selected, "index": 0}, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'name="keep" value="{second.pk}"' in text
    assert "Monikulttuurikeskus ry" in text
    assert Organisation.objects.count() == 2

    done = admin_client.post(
        changelist(),
        {**selected, "apply": 1, "keep": second.pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert done.status_code == 200
    assert list(Organisation.objects.all()) == [second]
    assert Pledge.objects.get(pk=pledge.pk).organisation == second
    assert AuditEvent.objects.get(action="organisations_merged").actor == admin_user
    assert any("Monikulttuurikeskus" in str(m) for m in done.context["messages"])


def test_admin_action_refuses_a_keep_outside_the_selection(admin_client, merge_action):
    first, second, outsider = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    response = admin_client.post(
        changelist(),
        {
            "action": "merge_organisations",
            "_selected_action": [first.pk, second.pk],
            "apply": 1,
            "keep": outsider.pk,
        },
    )
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert Organisation.objects.count() == 3


def test_admin_action_needs_two(admin_client, merge_action):
    only = OrganisationFactory()
    response = admin_client.post(
        changelist(),
        {"action": "merge_organisations", "_selected_action": [only.pk], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_admin_action_bad_keep_value_never_500(admin_client, merge_action):
    first, second = OrganisationFactory(), OrganisationFactory()
    response = admin_client.post(
        changelist(),
        {
            "action": "merge_organisations",
            "_selected_action": [first.pk, second.pk],
            "apply": 1,
            "keep": "'; DROP TABLE",
        },
    )
    assert response.status_code == 200
    assert Organisation.objects.count() == 2


def test_merge_needs_change_and_delete_permission(client, django_user_model, merge_action):
    from django.contrib.auth.models import Permission

    from tests.conftest import verified_login

    viewer = django_user_model.objects.create_user(username="katsoja", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    verified_login(client, viewer)
    first, second = OrganisationFactory(), OrganisationFactory()
    page = client.get(changelist())
    assert page.status_code == 200
    assert "merge_organisations" not in page.content.decode()
    client.post(
        changelist(),
        {
            "action": "merge_organisations",
            "_selected_action": [first.pk, second.pk],
            "apply": 1,
            "keep": first.pk,
        },
    )
    assert Organisation.objects.count() == 2


def test_merge_history_shows_on_the_kept_organisation(admin_client, staff):
    keep = OrganisationFactory()
    duplicate = OrganisationFactory(name="Vanha nimi ry")
    # The duplicate's own history (an earlier merge into it) follows it to the kept one.
    audit_record(action=AuditEvent.Action.ORGANISATIONS_MERGED, obj=duplicate, note="Aiempi")
    organisations_merge(keep=keep, duplicates=[duplicate], user=staff)
    assert [e.note for e in audit_history(keep)] == ["Aiempi", ""]
    page = admin_client.get(reverse("admin:pledges_organisation_change", args=[keep.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vanha nimi ry" in text and "kuraattori" in text
