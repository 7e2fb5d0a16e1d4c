"""The review queue in the admin: index count, filters, search and the award action."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.selectors import audit_history
from pledges import services
from pledges.models import Award, Entry, Initiative, Organisation, Pledge, ProgressReport
from portal.roles import CURATORS
from tests.conftest import verified_login
from tests.pledges.factories import (
    AwardFactory,
    InitiativeFactory,
    OrganisationFactory,
    PledgeFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
S = Entry.Status


@pytest.fixture
def curator(client, django_user_model):
    user = django_user_model.objects.create_user(username="kuraattori", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    verified_login(client, user)
    return user


def changelist(model=Pledge) -> str:
    return reverse(f"admin:pledges_{model._meta.model_name}_changelist")


def titles(client, **params) -> set[str]:
    response = client.get(changelist(), params)
    assert response.status_code == 200
    assert "e" not in response.wsgi_request.GET  # not Django's "bad filter" redirect
    return {p.title_fi for p in response.context["cl"].result_list}


def act(client, action, entries, model=Pledge, **extra):
    data = {"action": action, "_selected_action": [e.pk for e in entries], **extra}
    return client.post(changelist(model), data, follow=True, HTTP_ACCEPT_LANGUAGE="fi")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_index_shows_how_many_wait_for_review_with_a_link(client, curator):
    PledgeFactory(status=S.SUBMITTED)
    PledgeFactory(status=S.IN_REVIEW)
    PledgeFactory(status=S.PUBLISHED)
    InitiativeFactory(status=S.SUBMITTED)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    queue = {row["url"]: row["count"] for row in response.context["review_queue"]}
    # Progress reports have a queue of their own (tests/pledges/test_progress.py).
    assert queue == {
        changelist(Pledge) + "?queue=waiting": 2,
        changelist(Initiative) + "?queue=waiting": 1,
        changelist(ProgressReport) + "?review__exact=submitted": 0,
    }
    assert f'href="{changelist(Pledge)}?queue=waiting"' in html
    assert reverse("admin:translation_parity") in html
    assert titles(client, queue="waiting") == {
        p.title_fi for p in Pledge.objects.filter(status__in=[S.SUBMITTED, S.IN_REVIEW])
    }


def test_index_count_is_hidden_from_staff_without_the_permission(client, django_user_model):
    PledgeFactory(status=S.SUBMITTED)
    user = django_user_model.objects.create_user(username="muu", is_staff=True)
    verified_login(client, user)
    response = client.get(reverse("admin:index"))
    assert response.context["review_queue"] == []
    assert "queue=waiting" not in response.content.decode()


def test_filters_by_organisation_type_region_awarded_and_language(client, curator):
    company = OrganisationFactory(type=Organisation.Type.COMPANY, region="uusimaa")
    association = OrganisationFactory(type=Organisation.Type.ASSOCIATION, region="pirkanmaa")
    a = PledgeFactory(
        title_fi="Yrityksen lupaus", submission=SubmissionFactory(organisation=company)
    )
    b = PledgeFactory(
        title_fi="Yhdistyksen lupaus",
        submission=SubmissionFactory(organisation=association),
        original_language="sv",
        title_sv="Föreningens löfte",
    )
    AwardFactory().pledges.add(a)
    assert titles(client, organisation__type__exact="company") == {a.title_fi}
    assert titles(client, organisation__region__exact="pirkanmaa") == {b.title_fi}
    assert titles(client, awarded="yes") == {a.title_fi}
    assert titles(client, awarded="no") == {b.title_fi}
    assert titles(client, original_language__exact="sv") == {b.title_fi}
    assert titles(client, campaign__id__exact=a.campaign_id) == {a.title_fi}
    # Missing Swedish: a has Finnish text only; b has both titles but its text only in Finnish.
    assert titles(client, translation="sv") == {a.title_fi, b.title_fi}
    assert titles(client, translation="fi") == set()


def test_search_by_title_organisation_and_contact(client, curator):
    a = PledgeFactory(title_fi="Kielikahvila Tampereella")
    b = PledgeFactory(title_fi="Mentorointi")
    assert titles(client, q="Kielikahvila") == {a.title_fi}
    assert titles(client, q=b.organisation.name) == {b.title_fi}
    assert titles(client, q=b.submission.contact_email) == {b.title_fi}


@pytest.mark.parametrize("params", [{"awarded": "maybe"}, {"queue": "x"}, {"translation": "en"}])
def test_bad_filter_values_do_not_break_the_list(client, curator, params):
    PledgeFactory()
    assert client.get(changelist(), params).status_code == 200


def test_give_an_existing_award_records_history_and_is_idempotent(client, curator):
    award = AwardFactory()
    pledge = PledgeFactory()
    page = act(client, "give_award", [pledge])
    assert 'name="award"' in page.content.decode()
    assert not award.pledges.exists()  # nothing happens before the choice is confirmed
    response = act(client, "give_award", [pledge], apply="1", award=award.pk)
    assert list(award.pledges.all()) == [pledge]
    change = audit_history(pledge).get()
    assert (change.action, change.actor) == ("awarded", curator)
    assert change.after == {"award": f"{award.name_fi} {award.year}", "award_id": award.pk}
    assert any("1 " in m for m in messages_of(response))
    act(client, "give_award", [pledge], apply="1", award=award.pk)
    assert audit_history(pledge).count() == 1


def test_give_a_new_award_to_an_initiative(client, curator):
    initiative = InitiativeFactory()
    act(
        client,
        "give_award",
        [initiative],
        model=Initiative,
        apply="1",
        name_fi="Vuoden aloite",
        name_sv="Årets initiativ",
        year="2026",
    )
    award = Award.objects.get()
    assert (award.name_fi, award.name_sv, award.year) == ("Vuoden aloite", "Årets initiativ", 2026)
    assert list(award.initiatives.all()) == [initiative]


def test_new_award_needs_both_names(client, curator):
    pledge = PledgeFactory()
    response = act(client, "give_award", [pledge], apply="1", name_fi="Vain suomeksi")
    assert response.status_code == 200
    assert not Award.objects.exists()
    assert "errorlist" in response.content.decode()


def test_award_is_refused_for_a_withdrawn_entry_with_a_message(client, curator):
    award = AwardFactory()
    pledge = PledgeFactory(status=S.WITHDRAWN, title_fi="Peruttu lupaus")
    response = act(client, "give_award", [pledge], apply="1", award=award.pk)
    assert not award.pledges.exists()
    assert any("Peruttu lupaus" in m for m in messages_of(response))


def test_entry_award_service_directly():
    award = AwardFactory()
    pledge = PledgeFactory(status=S.REJECTED)
    with pytest.raises(services.ActionRefused):
        services.entry_award(entry=pledge, award=award, by=None)
    ok = PledgeFactory()
    assert services.entry_award(entry=ok, award=award, by=None) is not None
    assert services.entry_award(entry=ok, award=award, by=None) is None


@pytest.mark.parametrize("status", [S.WITHDRAWN])
def test_publishing_a_withdrawn_entry_is_refused_with_a_clear_message(client, curator, status):
    pledge = PledgeFactory(status=status, title_fi="Peruttu")
    # Past the confirmation page: the refusal comes from the service.
    response = act(client, "publish", [pledge], apply="1")
    pledge.refresh_from_db()
    assert pledge.status == status
    assert any("Peruttu" in m for m in messages_of(response))


def test_queue_list_query_count(client, curator, django_assert_max_num_queries):
    for _ in range(3):
        PledgeFactory(status=S.SUBMITTED)
    client.get(changelist(), {"queue": "waiting"})
    for _ in range(10):
        PledgeFactory(status=S.SUBMITTED)
    with django_assert_max_num_queries(25):
        response = client.get(changelist(), {"queue": "waiting"})
    assert len(response.context["cl"].result_list) == 13
