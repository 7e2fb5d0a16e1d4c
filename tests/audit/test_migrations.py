"""The four old histories move into the audit log with their times and users, and the
roles see the audit log instead of the old logs."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit.models import AuditEvent
from pledges.models import Pledge
from portal.roles import CURATORS, PERSONAL_DATA_HANDLERS
from privacy.models import PersonalDataRequest

BEFORE = [
    ("audit", "0001_initial"),
    ("pledges", "0009_organisation_municipality_in_core"),
    ("privacy", "0001_initial"),
]


@pytest.mark.django_db(transaction=True)
def test_the_old_histories_are_copied_with_their_times_and_users():
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()
    old = executor.migrate(BEFORE).apps
    ContentType.objects.clear_cache()
    User = old.get_model("auth", "User")
    curator = User.objects.create(username="kuraattori")
    officer = User.objects.create(username="tietosuoja")
    Pledge_ = old.get_model("pledges", "Pledge")
    Organisation = old.get_model("pledges", "Organisation")
    Campaign = old.get_model("programmes", "Campaign")
    Submission = old.get_model("pledges", "Submission")
    now = timezone.now()
    campaign = Campaign.objects.create(
        name="Kampanja", name_fi="Kampanja", opens_at=now, closes_at=now + timedelta(days=30)
    )
    organisation = Organisation.objects.create(name="Yhdistys ry", type="association")
    submission = Submission.objects.create(
        organisation=organisation,
        campaign=campaign,
        contact_name="Maija",
        contact_email="maija@example.fi",
        language="fi",
    )
    pledge = Pledge_.objects.create(
        submission=submission,
        organisation=organisation,
        campaign=campaign,
        title="Kielikahvila",
        title_fi="Kielikahvila",
        original_language="fi",
    )
    StatusChange = old.get_model("pledges", "StatusChange")
    rows = [
        ("", "submitted", None, ""),
        ("submitted", "published", curator, "Hyvä"),
        ("published", "published", curator, "Selected for the programme"),
        ("published", "published", curator, "Award: Vuoden teko 2026"),
    ]
    times = [now - timedelta(days=10 - n) for n in range(len(rows))]
    for (from_status, to_status, user, note), time in zip(rows, times, strict=True):
        change = StatusChange.objects.create(
            pledge=pledge, from_status=from_status, to_status=to_status, changed_by=user, note=note
        )
        StatusChange.objects.filter(pk=change.pk).update(created_at=time)
    merge = old.get_model("privacy", "OrganisationMergeLog").objects.create(
        kept=organisation,
        kept_name="Yhdistys ry",
        merged=[{"id": 99, "name": "Yhdistys r.y."}],
        moved={"pledges.Pledge": 1},
        filled_fields=["website"],
        user=curator,
        username="kuraattori",
    )
    old.get_model("privacy", "PersonalDataLog").objects.create(
        action="erased",
        email="henkilo@example.fi",
        user=None,
        username="poistettu-kayttaja",
        summary={"submissions": [1]},
    )
    organisation_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="pledges", model="organisation"
    )
    old.get_model("admin", "LogEntry").objects.create(
        user=officer,
        content_type_id=organisation_type.pk,
        object_id=str(organisation.pk),
        object_repr="Yhdistys ry",
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Name"]}}]',
    )
    handlers = Group.objects.get(name=PERSONAL_DATA_HANDLERS)
    assert handlers.permissions.filter(codename="handle_personal_data").exists()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    ContentType.objects.clear_cache()

    pledge_events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Pledge), object_id=str(pledge.pk)
    ).order_by("created_at")
    assert [
        (e.action, e.before, e.after, e.actor_id, e.actor_label, e.note, e.created_at)
        for e in pledge_events
    ] == [
        ("submitted", {}, {"status": "submitted"}, None, "submitter", "", times[0]),
        (
            "published",
            {"status": "submitted"},
            {"status": "published"},
            curator.pk,
            "kuraattori",
            "Hyvä",
            times[1],
        ),
        (
            "selected",
            {"selected": False},
            {"selected": True},
            curator.pk,
            "kuraattori",
            "Selected for the programme",
            times[2],
        ),
        (
            "awarded",
            {},
            {"award": "Vuoden teko 2026"},
            curator.pk,
            "kuraattori",
            "Award: Vuoden teko 2026",
            times[3],
        ),
    ]
    assert {e.object_repr for e in pledge_events} == {"Kielikahvila"}

    merged = AuditEvent.objects.get(action="organisations_merged")
    assert (merged.object_id, merged.actor_id, merged.created_at) == (
        str(organisation.pk),
        curator.pk,
        merge.created_at,
    )
    assert merged.before == {"merged": [{"id": 99, "name": "Yhdistys r.y."}]}
    assert merged.after == {"moved": {"pledges.Pledge": 1}, "filled_fields": ["website"]}

    request = PersonalDataRequest.objects.get()
    assert (request.action, request.object_repr, request.actor_label, request.after) == (
        "personal_data_erased",
        "henkilo@example.fi",
        "poistettu-kayttaja",
        {"submissions": [1]},
    )
    edit = AuditEvent.objects.get(action="admin_changed")
    assert (edit.actor_id, edit.object_id, edit.note) == (
        officer.pk,
        str(organisation.pk),
        "Changed Name.",
    )

    # The tables are gone; the roles see the audit log, and the right to handle personal
    # data stayed with the group that held it.
    tables = connection.introspection.table_names()
    assert "pledges_statuschange" not in tables
    assert "privacy_personaldatalog" not in tables
    assert "privacy_organisationmergelog" not in tables
    for role in (CURATORS, PERSONAL_DATA_HANDLERS):
        assert (
            Group.objects.get(name=role)
            .permissions.filter(codename="view_auditevent", content_type__app_label="audit")
            .exists()
        )
    handling = Permission.objects.get(codename="handle_personal_data")
    assert handling.content_type.model == "personaldatarequest"
    assert handlers.permissions.filter(pk=handling.pk).exists()
