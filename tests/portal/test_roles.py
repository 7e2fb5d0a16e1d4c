"""Staff roles: each group can do its work in the admin and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import audit_history
from core.admin_mixins import localized_fields
from news.models import NewsItem
from pledges.models import Entry
from portal.roles import COMMUNICATIONS, CURATORS, ROLES, TRANSLATORS, roles_sync
from tests.conftest import verified_login
from tests.events.factories import EventFactory
from tests.pledges.factories import OrganisationFactory, PledgeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
S = Entry.Status
PLAIN = "plain staff"


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in (with the second factor) as staff in the given role."""

    def make(role: str):
        user = django_user_model.objects.create_user(
            username=f"user-{role.replace(' ', '-').lower()}", password="x", is_staff=True
        )
        if role != PLAIN:
            user.groups.add(Group.objects.get(name=role))
        verified_login(client, user)
        return client, user

    return make


def offered_actions(response) -> list[str]:
    form = response.context["action_form"]
    if form is None:  # no actions at all: Django leaves the form out
        return []
    return [value for value, _label in form.fields["action"].choices]


def test_the_data_migration_created_the_groups():
    # The test database is built by the migrations, so the groups come from 0002_roles.
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    for name, perms in ROLES.items():
        assert Group.objects.get(name=name).permissions.count() == len(perms)


def test_the_role_names_apps_recognise_are_the_roles_the_shell_defines():
    from core.roles import ROLE_NAMES

    assert set(ROLE_NAMES) == set(ROLES)


def test_sync_roles_is_idempotent_and_restores_what_was_changed(capsys):
    curators = Group.objects.get(name=CURATORS)
    curators.permissions.clear()
    call_command("sync_roles")
    call_command("sync_roles")
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)
    assert curators.permissions.count() == len(ROLES[CURATORS])
    assert "Curators: " in capsys.readouterr().out
    assert roles_sync() == {name: len(perms) for name, perms in ROLES.items()}


def test_groups_hold_their_permissions():
    def perms(name):
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=name).permissions.select_related("content_type")
        }

    assert "pledges.publish_pledge" in perms(CURATORS)
    assert "pledges.publish_pledge" not in perms(TRANSLATORS)
    assert "pledges.view_submission" not in perms(COMMUNICATIONS)
    assert "news.add_newsitem" in perms(COMMUNICATIONS)
    assert "news.add_newsitem" not in perms(TRANSLATORS)


# (role, admin URL name, expected status) — what each role may open, and what it may not.
PAGES = [
    ("pledges_pledge_changelist", {CURATORS: 200, TRANSLATORS: 200, COMMUNICATIONS: 403}),
    ("pledges_submission_changelist", {CURATORS: 200, TRANSLATORS: 403, COMMUNICATIONS: 403}),
    ("pledges_organisation_changelist", {CURATORS: 200, TRANSLATORS: 403, COMMUNICATIONS: 403}),
    ("pledges_award_add", {CURATORS: 200, TRANSLATORS: 403, COMMUNICATIONS: 403}),
    ("news_newsitem_add", {CURATORS: 403, TRANSLATORS: 403, COMMUNICATIONS: 200}),
    ("news_newsitem_changelist", {CURATORS: 403, TRANSLATORS: 200, COMMUNICATIONS: 200}),
    ("events_event_add", {CURATORS: 403, TRANSLATORS: 403, COMMUNICATIONS: 200}),
    ("mailings_newsletter_add", {CURATORS: 403, TRANSLATORS: 403, COMMUNICATIONS: 200}),
    ("mailings_subscriber_changelist", {CURATORS: 403, TRANSLATORS: 403, COMMUNICATIONS: 200}),
    ("themes_theme_changelist", {CURATORS: 403, TRANSLATORS: 200, COMMUNICATIONS: 403}),
    ("auth_user_changelist", {CURATORS: 403, TRANSLATORS: 403, COMMUNICATIONS: 403}),
]


@pytest.mark.parametrize("role", [CURATORS, TRANSLATORS, COMMUNICATIONS, PLAIN])
@pytest.mark.parametrize(("url_name", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_each_role_opens_what_it_needs_and_nothing_else(staff_client, role, url_name, expected):
    client, _user = staff_client(role)
    response = client.get(reverse(f"admin:{url_name}"))
    assert response.status_code == expected.get(role, 403)


ACTIONS = ["publish", "reject", "return_to_review", "mark_selected", "give_award"]


@pytest.mark.parametrize(
    ("role", "actions"),
    [(CURATORS, ACTIONS), (TRANSLATORS, []), (COMMUNICATIONS, None), (PLAIN, None)],
)
def test_only_curators_get_the_review_actions(staff_client, role, actions):
    PledgeFactory(status=S.SUBMITTED)
    client, _user = staff_client(role)
    response = client.get(reverse("admin:pledges_pledge_changelist"))
    if actions is None:
        assert response.status_code == 403
        return
    offered = offered_actions(response)
    for action in ACTIONS:
        assert (action in offered) == (action in actions)


@pytest.mark.parametrize("role", [TRANSLATORS, COMMUNICATIONS, PLAIN])
def test_others_cannot_publish_even_by_posting_the_action(staff_client, role):
    pledge = PledgeFactory(status=S.IN_REVIEW, published_at=None)
    client, _user = staff_client(role)
    response = client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "publish", "_selected_action": [pledge.pk], "apply": "1"},
    )
    assert response.status_code in (200, 302, 403)
    pledge.refresh_from_db()
    assert pledge.status == S.IN_REVIEW
    assert not AuditEvent.objects.exists()


def test_curator_publishes_through_the_action_and_history_names_them(staff_client):
    pledge = PledgeFactory(status=S.IN_REVIEW, published_at=None)
    client, user = staff_client(CURATORS)
    response = client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "publish", "_selected_action": [pledge.pk], "apply": "1"},
        follow=True,
    )
    assert response.status_code == 200
    pledge.refresh_from_db()
    assert pledge.status == S.PUBLISHED
    change = audit_history(pledge).get()
    assert (change.action, change.after, change.actor) == (
        "published",
        {"status": S.PUBLISHED},
        user,
    )


def test_curator_edits_an_organisation(staff_client):
    organisation = OrganisationFactory(name="Vanha nimi ry")
    client, _user = staff_client(CURATORS)
    url = reverse("admin:pledges_organisation_change", args=[organisation.pk])
    # The page's inlines (the merge history) send their management forms with the form.
    inlines = client.get(url).context["inline_admin_formsets"]
    management = {
        f"{inline.formset.prefix}-{key}": value
        for inline in inlines
        for key, value in inline.formset.management_form.initial.items()
    }
    response = client.post(
        url,
        {
            "name": "Uusi nimi ry",
            "type": organisation.type,
            "region": organisation.region,
            **management,
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Uusi nimi ry"


def test_translator_changes_the_swedish_title_but_not_the_status(staff_client):
    pledge = PledgeFactory(status=S.IN_REVIEW, published_at=None, title_fi="Lupaus")
    client, _user = staff_client(TRANSLATORS)
    url = reverse("admin:pledges_pledge_change", args=[pledge.pk])
    page = client.get(url)
    assert page.status_code == 200
    form_fields = set(page.context["adminform"].form.fields)
    assert "title_sv" in form_fields and "status" not in form_fields
    assert "themes" not in form_fields and "selected" not in form_fields
    response = client.post(
        url,
        {
            "title_fi": "Lupaus",
            "title_sv": "Löfte",
            "text_fi": pledge.text_fi,
            "text_sv": "Vi ordnar ett språkcafé.",
            "status": S.PUBLISHED,
            "selected": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge.refresh_from_db()
    assert pledge.title_sv == "Löfte"
    assert pledge.status == S.IN_REVIEW
    assert not pledge.selected
    # No status change: only the admin's own log entry of the edit, mirrored.
    assert [e.action for e in audit_history(pledge)] == ["admin_changed"]


def test_translator_cannot_add_or_delete(staff_client):
    pledge = PledgeFactory()
    client, _user = staff_client(TRANSLATORS)
    assert client.get(reverse("admin:pledges_award_add")).status_code == 403
    assert client.get(reverse("admin:pledges_pledge_delete", args=[pledge.pk])).status_code == 403
    assert client.get(reverse("admin:news_newsitem_add")).status_code == 403


def test_communications_creates_a_news_item_and_cannot_see_submissions(staff_client):
    SubmissionFactory()
    client, _user = staff_client(COMMUNICATIONS)
    response = client.post(
        reverse("admin:news_newsitem_add"),
        {
            "kind": "news",
            "title_fi": "Uutinen",
            "title_sv": "Nyhet",
            "lead_fi": "Ingressi.",
            "lead_sv": "Ingress.",
            "body_fi": "Teksti.",
            "body_sv": "Text.",
        },
    )
    assert response.status_code == 302
    assert NewsItem.objects.get().title_sv == "Nyhet"
    assert client.get(reverse("admin:pledges_submission_changelist")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:pledges_submission_changelist") not in index


def test_communications_edits_an_event_with_its_actions(staff_client):
    EventFactory()
    client, _user = staff_client(COMMUNICATIONS)
    response = client.get(reverse("admin:events_event_changelist"))
    offered = offered_actions(response)
    assert "announce" in offered


def _translator_pages():
    from programmes.models import Campaign, ContactPerson
    from tests.pledges.factories import AwardFactory, CampaignFactory, InitiativeFactory
    from tests.programmes.factories import ContactPersonFactory, ProgrammeFactory
    from themes.models import Theme

    return {
        "pledges_pledge": PledgeFactory,
        "pledges_initiative": InitiativeFactory,
        "pledges_award": AwardFactory,
        "programmes_programme": ProgrammeFactory,
        "programmes_campaign": lambda: Campaign.objects.get(pk=CampaignFactory().pk),
        "programmes_contactperson": lambda: ContactPerson.objects.get(pk=ContactPersonFactory().pk),
        "news_newsitem": lambda: NewsItem.objects.create(title_fi="Uutinen"),
        "events_event": EventFactory,
        "themes_theme": lambda: Theme.objects.order_by("number").first(),
    }


@pytest.mark.parametrize(
    "model",
    [
        "pledges_pledge",
        "pledges_initiative",
        "pledges_award",
        "programmes_programme",
        "programmes_campaign",
        "programmes_contactperson",
        "news_newsitem",
        "events_event",
        "themes_theme",
    ],
)
def test_translator_edits_only_language_fields_on_every_translated_model(staff_client, model):
    obj = _translator_pages()[model]()
    client, _user = staff_client(TRANSLATORS)
    response = client.get(reverse(f"admin:{model}_change", args=[obj.pk]))
    assert response.status_code == 200
    editable = set(response.context["adminform"].form.fields)
    assert editable, "a translator must be able to edit something"
    assert editable <= set(localized_fields(type(obj))), editable
    assert not response.context["inline_admin_formsets"]


def test_superuser_is_not_restricted(admin_client):
    pledge = PledgeFactory()
    response = admin_client.get(reverse("admin:pledges_pledge_change", args=[pledge.pk]))
    assert "themes" in response.context["adminform"].form.fields
