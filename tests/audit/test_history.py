"""One audit log: a pledge's every state change from submission to award, written by the
services as staff use the admin, and shown on the pledge's admin page."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from audit.selectors import audit_history
from mailings.models import Delivery
from pledges import services
from pledges.models import Entry, Pledge
from pledges.services import OrganisationData, PledgeData
from portal.roles import TRANSLATORS
from tests.conftest import verified_login
from tests.pledges.factories import AwardFactory, CampaignFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
S = Entry.Status


def submitted_pledge() -> Pledge:
    CampaignFactory()
    submission = services.submission_create(
        language="fi",
        organisation=OrganisationData(name="Kotoutumisyhdistys ry", type="association"),
        contact_name="Maija",
        contact_email="maija@example.fi",
        pledge=PledgeData(title="Kielikahvila joka viikko", text="Järjestämme kielikahvilan."),
        themes=list(Theme.objects.filter(number__in=[1])),
        consent=True,
    )
    return submission.pledges.get()


def act(client, action: str, pledge: Pledge, **extra):
    """Post a changelist action as the admin's action bar does (confirmed where it asks)."""
    response = client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": action, "_selected_action": [pledge.pk], **extra},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    return response


def visible_text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_every_step_from_submission_to_award_is_one_event_in_order(client, curator):
    pledge = submitted_pledge()
    award = AwardFactory(name_fi="Vuoden kumppanuusteko", year=2026)

    act(client, "return_to_review", pledge, apply="1")
    act(client, "publish", pledge, apply="1")
    act(client, "mark_selected", pledge)
    act(client, "give_award", pledge, apply="1", award=award.pk)

    pledge.refresh_from_db()
    assert (pledge.status, pledge.selected, list(pledge.awards.all())) == (
        S.PUBLISHED,
        True,
        [award],
    )
    events = list(audit_history(pledge))
    assert [(e.action, e.before, e.after, e.actor, e.actor_label) for e in events] == [
        ("submitted", {}, {"status": "submitted"}, None, "submitter"),
        (
            "returned_to_review",
            {"status": "submitted"},
            {"status": "in_review"},
            curator,
            "kuraattori",
        ),
        ("published", {"status": "in_review"}, {"status": "published"}, curator, "kuraattori"),
        ("selected", {"selected": False}, {"selected": True}, curator, "kuraattori"),
        (
            "awarded",
            {},
            {"award": "Vuoden kumppanuusteko 2026", "award_id": award.pk},
            curator,
            "kuraattori",
        ),
    ]
    assert all(e.object == pledge for e in events)
    assert {e.object_repr for e in events} == {"Kielikahvila joka viikko"}
    times = [e.created_at for e in events]
    assert times == sorted(times)
    # The status mail names the event that caused it (its dedupe key).
    published = events[2]
    assert Delivery.objects.filter(
        template="pledge_status", dedupe_key=f"pledges:status:pledge:{pledge.pk}:{published.pk}"
    ).exists()


@pytest.mark.parametrize(
    ("language", "rows"),
    [
        (
            "fi",
            [
                "lähettäjä lähetetty tila: lähetetty",
                "siirretty käsittelyyn",
                "tila: lähetetty → käsittelyssä",
                "tila: käsittelyssä → julkaistu",
                "valittu: Ei → Kyllä",
                "palkinto: Vuoden kumppanuusteko 2026",
            ],
        ),
        (
            "sv",
            [
                "avsändaren inskickat status: inskickat",
                "flyttad till behandling",
                "status: inskickat → under granskning",
                "status: under granskning → publicerat",
                "utvalt: Nej → Ja",
                "pris: Vuoden kumppanuusteko 2026",
            ],
        ),
    ],
)
def test_the_pledge_page_shows_its_history_in_the_readers_language(client, curator, language, rows):
    pledge = submitted_pledge()
    award = AwardFactory(name_fi="Vuoden kumppanuusteko", year=2026)
    for action, extra in [
        ("return_to_review", {"apply": "1"}),
        ("publish", {"apply": "1"}),
        ("mark_selected", {}),
        ("give_award", {"apply": "1", "award": award.pk}),
    ]:
        act(client, action, pledge, **extra)

    page = client.get(
        reverse("admin:pledges_pledge_change", args=[pledge.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert page.status_code == 200
    text = visible_text(page)
    assert {"fi": "Tapahtumahistoria", "sv": "Händelsehistorik"}[language] in text
    for row in rows:
        assert row in text
    assert "kuraattori" in text
    # Oldest first: the submission before the award.
    assert text.index(rows[0]) < text.index(rows[-1])


def test_staff_without_the_audit_permission_see_no_history(client, django_user_model):
    pledge = submitted_pledge()
    translator = django_user_model.objects.create_user(username="kaantaja", is_staff=True)
    translator.groups.add(Group.objects.get(name=TRANSLATORS))
    verified_login(client, translator)
    page = client.get(
        reverse("admin:pledges_pledge_change", args=[pledge.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert page.status_code == 200
    assert "Tapahtumahistoria" not in visible_text(page)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403


def test_an_admin_edit_is_mirrored_into_the_log(admin_client, admin_user):
    pledge = submitted_pledge()
    organisation = pledge.organisation
    url = reverse("admin:pledges_organisation_change", args=[organisation.pk])
    page = admin_client.get(url)
    management = {
        f"{inline.formset.prefix}-{key}": value
        for inline in page.context["inline_admin_formsets"]
        for key, value in inline.formset.management_form.initial.items()
    }
    response = admin_client.post(
        url, {"name": "Uusi nimi ry", "type": organisation.type, **management}
    )
    assert response.status_code == 302
    event = audit_history(organisation).get()
    assert (event.action, event.actor, event.actor_label, event.object_repr) == (
        AuditEvent.Action.ADMIN_CHANGED,
        admin_user,
        admin_user.username,
        "Uusi nimi ry",
    )
    assert event.note == "Changed Name."
    with translation.override("fi"):
        assert event.note_shown == "Muutettu Nimi."
