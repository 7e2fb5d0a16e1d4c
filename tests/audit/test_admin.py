"""The audit log's list in the admin: read-only, filtered by action, object type, user and
date, searchable; personal data requests only in privacy's own list."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import audit_record
from pledges.models import Organisation, Pledge
from tests.conftest import verified_login
from tests.pledges.factories import OrganisationFactory, PledgeFactory

pytestmark = pytest.mark.django_db
LIST = "admin:audit_auditevent_changelist"


@pytest.fixture
def events(curator, django_user_model):
    other = django_user_model.objects.create_user(username="toinen", is_staff=True)
    pledge = PledgeFactory(title_fi="Kielikahvila")
    organisation = OrganisationFactory(name="Yhdistys ry")
    return {
        "published": audit_record(
            action=AuditEvent.Action.PUBLISHED,
            obj=pledge,
            actor=curator,
            before={"status": "in_review"},
            after={"status": "published"},
        ),
        "merged": audit_record(
            action=AuditEvent.Action.ORGANISATIONS_MERGED,
            obj=organisation,
            actor=other,
            before={"merged": [{"name": "Yhdistys r.y."}]},
            note="Kaksoiskappale",
        ),
        "erased": audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_ERASED, object_repr="henkilo@example.fi"
        ),
        "other": other,
    }


def shown(client, **params) -> set[str]:
    response = client.get(reverse(LIST), params, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert "e" not in response.wsgi_request.GET  # not Django's "bad filter" redirect
    return {event.object_repr for event in response.context["cl"].result_list}


def test_filters_and_search(client, curator, events):
    assert shown(client) == {"Kielikahvila", "Yhdistys ry"}  # no personal data requests
    assert shown(client, action="published") == {"Kielikahvila"}
    pledge_type = ContentType.objects.get_for_model(Pledge)
    assert shown(client, content_type__id__exact=pledge_type.pk) == {"Kielikahvila"}
    organisation_type = ContentType.objects.get_for_model(Organisation)
    assert shown(client, content_type__id__exact=organisation_type.pk) == {"Yhdistys ry"}
    assert shown(client, actor__id__exact=events["other"].pk) == {"Yhdistys ry"}
    assert shown(client, q="Kaksoiskappale") == {"Yhdistys ry"}
    assert shown(client, q="kuraattori") == {"Kielikahvila"}
    today = events["published"].created_at
    assert shown(
        client,
        created_at__year=today.year,
        created_at__month=today.month,
        created_at__day=today.day,
    ) == {"Kielikahvila", "Yhdistys ry"}
    assert shown(client, created_at__year=today.year - 1) == set()


def test_the_action_filter_offers_only_what_the_list_shows(client, curator, events):
    page = client.get(reverse(LIST), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "julkaistu" in page and "organisaatiot yhdistetty" in page
    assert "henkilötiedot poistettu" not in page
    assert "henkilo@example.fi" not in page


def test_the_list_reads_in_a_fixed_number_of_queries(
    client, curator, events, django_assert_max_num_queries
):
    for n in range(20):
        audit_record(action=AuditEvent.Action.SELECTED, obj=PledgeFactory(title_fi=f"L{n}"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse(LIST)).status_code == 200


def test_the_log_is_read_only(client, curator, events):
    event = events["published"]
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change, HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    assert "Kielikahvila" in page.content.decode()
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(change, {"note": "muutettu", "action": "rejected"})
    event.refresh_from_db()
    assert (event.action, event.note) == ("published", "")
    assert AuditEvent.objects.count() == 3


def test_personal_data_requests_are_listed_for_their_handlers_only(
    client, curator, admin_user, events
):
    url = reverse("admin:privacy_personaldatarequest_changelist")
    assert client.get(url).status_code == 403
    superuser = verified_login(Client(), admin_user)
    page = superuser.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "henkilo@example.fi" in page and "Kielikahvila" not in page
