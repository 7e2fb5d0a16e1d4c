"""The review workflow in the admin: actions go through the services and leave history."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEvent
from audit.selectors import audit_history
from audit.services import audit_record
from mailings.models import Delivery
from pledges.models import Entry, Initiative, Partner, PartnerInterest, Pledge
from portal.roles import CURATORS
from tests.conftest import verified_login
from tests.pledges.factories import (
    AwardFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    PledgeFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
S = Entry.Status


def changelist(model) -> str:
    return reverse(f"admin:pledges_{model._meta.model_name}_changelist")


def act(client, model, action, entries, **extra):
    data = {"action": action, "_selected_action": [e.pk for e in entries], **extra}
    return client.post(changelist(model), data, follow=True, HTTP_ACCEPT_LANGUAGE="fi")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_publish_action_publishes_records_who_and_refuses_without_consent(admin_client, admin_user):
    ready = PledgeFactory(status=S.IN_REVIEW, published_at=None, title_fi="Valmis lupaus")
    no_consent = PledgeFactory(
        status=S.SUBMITTED,
        title_fi="Ilman lupaa",
        submission=SubmissionFactory(consent_to_publish=False, consent_given_at=None),
    )
    response = act(admin_client, Pledge, "publish", [ready, no_consent], apply="1")
    assert response.status_code == 200
    ready.refresh_from_db()
    no_consent.refresh_from_db()
    assert ready.status == S.PUBLISHED
    assert no_consent.status == S.SUBMITTED
    change = audit_history(ready).get()
    assert (change.action, change.before, change.after, change.actor) == (
        "published",
        {"status": "in_review"},
        {"status": "published"},
        admin_user,
    )
    messages = messages_of(response)
    assert "1 julkaistu." in messages
    assert any("Ilman lupaa" in m and "julkaisulupaa" in m for m in messages)
    assert Delivery.objects.filter(template="pledge_status").count() == 1


@pytest.mark.parametrize(
    ("model", "factory", "action", "status", "heading", "button"),
    [
        (Pledge, PledgeFactory, "publish", S.IN_REVIEW, "Julkaise valitut", "Kyllä, julkaise"),
        (
            Initiative,
            InitiativeFactory,
            "return_to_review",
            S.PUBLISHED,
            "Palauta valitut käsittelyyn",
            "Kyllä, palauta käsittelyyn",
        ),
    ],
)
def test_publish_and_return_to_review_ask_for_confirmation_first(
    admin_client, model, factory, action, status, heading, button
):
    first = factory(status=status, title_fi="Ensimmäinen merkintä")
    second = factory(status=status, title_fi="Toinen merkintä")
    untouched = factory(status=status, title_fi="Valitsematon merkintä")
    page = act(admin_client, model, action, [first, second])
    html = page.content.decode()
    assert page.status_code == 200
    assert heading in html and button in html
    assert "Ensimmäinen merkintä" in html and "Toinen merkintä" in html
    assert "Valitsematon merkintä" not in html
    assert 'aria-current="page"' in html  # the breadcrumbs of Django 6.1's admin
    assert f'class="closelink" href="{changelist(model)}"' in html or (
        f'href="{changelist(model)}" class="closelink"' in html
    )
    for entry in (first, second, untouched):
        entry.refresh_from_db()
        assert entry.status == status  # nothing happens before it is confirmed
    assert not AuditEvent.objects.exists()


def test_reject_action_asks_for_a_reason_then_rejects_and_notifies(admin_client):
    pledge = PledgeFactory(status=S.SUBMITTED)
    page = act(admin_client, Pledge, "reject", [pledge])
    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED  # nothing happens before the reason is confirmed

    response = act(
        admin_client, Pledge, "reject", [pledge], apply="1", note="Ei kotoutumisesta.", notify="on"
    )
    pledge.refresh_from_db()
    assert pledge.status == S.REJECTED
    assert audit_history(pledge).get().note == "Ei kotoutumisesta."
    assert "1 hylätty." in messages_of(response)
    assert Delivery.objects.get().context["reason"] == "Ei kotoutumisesta."


def test_reject_without_notice_sends_no_mail(admin_client):
    initiative = InitiativeFactory(status=S.PUBLISHED)
    act(admin_client, Initiative, "reject", [initiative], apply="1", note="Sisäinen syy")
    initiative.refresh_from_db()
    assert initiative.status == S.REJECTED
    assert not Delivery.objects.exists()


def test_return_to_review_and_refusal_for_withdrawn(admin_client):
    rejected = InitiativeFactory(status=S.REJECTED)
    withdrawn = InitiativeFactory(status=S.WITHDRAWN)
    response = act(admin_client, Initiative, "return_to_review", [rejected, withdrawn], apply="1")
    rejected.refresh_from_db()
    withdrawn.refresh_from_db()
    assert rejected.status == S.IN_REVIEW
    assert withdrawn.status == S.WITHDRAWN
    assert any("Peruttua ei voi palauttaa" in m for m in messages_of(response))


def test_mark_and_unmark_selected(admin_client):
    pledge = PledgeFactory(status=S.PUBLISHED)
    act(admin_client, Pledge, "mark_selected", [pledge])
    pledge.refresh_from_db()
    assert pledge.selected
    act(admin_client, Pledge, "unmark_selected", [pledge])
    pledge.refresh_from_db()
    assert not pledge.selected
    assert [(e.action, e.after) for e in audit_history(pledge)] == [
        ("selected", {"selected": True}),
        ("unselected", {"selected": False}),
    ]


def test_filters_search_and_history_inline(admin_client):
    finnish = PledgeFactory(status=S.PUBLISHED, title_fi="Suomeksi vain", title_sv="")
    both = PledgeFactory(
        status=S.SUBMITTED, title_fi="Molemmat", title_sv="Båda", text_sv="Vi ordnar ett språkkafé."
    )
    audit_record(action=AuditEvent.Action.SUBMITTED, obj=both, note="Saapui lomakkeelta")
    url = changelist(Pledge)
    html = admin_client.get(url, {"translation": "sv"}).content.decode()
    assert "Suomeksi vain" in html and "Molemmat" not in html
    html = admin_client.get(url, {"status__exact": "submitted"}).content.decode()
    assert "Molemmat" in html and "Suomeksi vain" not in html
    html = admin_client.get(url, {"q": both.submission.contact_email}).content.decode()
    assert "Molemmat" in html and "Suomeksi vain" not in html
    change = admin_client.get(reverse("admin:pledges_pledge_change", args=[both.pk]))
    page = change.content.decode()
    assert change.status_code == 200
    assert "Saapui lomakkeelta" in page
    # Staff see the private contact person.
    assert both.submission.contact_email in page
    assert finnish.pk != both.pk


def test_admin_pages_render(admin_client):
    pledge = PledgeFactory()
    InitiativeFactory()
    AwardFactory()
    PartnerInterest.objects.create(
        initiative=InitiativeFactory(),
        organisation_name="Kiinnostunut ry",
        contact_name="Kalle",
        email="kalle@example.fi",
        message="Haluamme mukaan.",
    )
    OrganisationFactory()
    for model in ["organisation", "submission", "pledge", "initiative", "award", "partnerinterest"]:
        assert admin_client.get(reverse(f"admin:pledges_{model}_changelist")).status_code == 200
    submission_page = admin_client.get(
        reverse("admin:pledges_submission_change", args=[pledge.submission.pk])
    )
    assert pledge.submission.contact_email in submission_page.content.decode()
    assert admin_client.get(reverse("admin:pledges_award_add")).status_code == 200
    interest = PartnerInterest.objects.get()
    assert (
        admin_client.get(
            reverse("admin:pledges_partnerinterest_change", args=[interest.pk])
        ).status_code
        == 200
    )


# ---------------------------------------------------------------------------------------
# Change forms whose saving goes through the services (awards, partners' answers)
# ---------------------------------------------------------------------------------------


@pytest.fixture
def curator_client(client, django_user_model):
    user = django_user_model.objects.create_user("kuraattori", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    verified_login(client, user)
    client.user = user
    return client


def change_form_data(client, url: str, **changes) -> dict:
    """What the admin change form at `url` posts when saved (its inlines' management forms
    and rows included), with `changes` (posted names) applied."""
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = (
                "on" if value is True else value if isinstance(value, list) else str(value)
            )
    return {**data, **changes}


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("fi", "Peruttua tai hylättyä ei voi palkita."),
        ("sv", "Det som har återkallats eller avslagits kan inte prisbelönas."),
    ],
)
def test_award_form_gives_entries_the_award_through_the_service(curator_client, lang, refusal):
    """The award's entry picker records each award in the entry's history and refuses a
    withdrawn entry, storing nothing of that save."""
    award = AwardFactory(name_fi="Kumppanuuspalkinto", name_sv="Partnerskapspriset", year=2026)
    chosen = PledgeFactory()
    withdrawn = PledgeFactory(status=S.WITHDRAWN)
    url = reverse("admin:pledges_award_change", args=[award.pk])

    refused = curator_client.post(
        url,
        change_form_data(curator_client, url, pledges=[chosen.pk, withdrawn.pk], name_sv="Nytt"),
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert refused.status_code == 200
    assert refusal in refused.content.decode()
    award.refresh_from_db()
    assert award.name_sv == "Partnerskapspriset"
    assert not award.pledges.exists()
    assert not AuditEvent.objects.exists()

    given = curator_client.post(url, change_form_data(curator_client, url, pledges=[chosen.pk]))
    assert given.status_code == 302
    assert list(award.pledges.all()) == [chosen]
    change = audit_history(chosen).get()
    assert (change.action, change.after, change.actor) == (
        "awarded",
        {"award": "Kumppanuuspalkinto 2026", "award_id": award.pk},
        curator_client.user,
    )

    taken = curator_client.post(url, change_form_data(curator_client, url, pledges=[]))
    assert taken.status_code == 302
    assert not award.pledges.exists()
    last = audit_history(chosen).last()
    assert (last.action, last.before["award"]) == ("award_removed", "Kumppanuuspalkinto 2026")


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("fi", "Kumppani ry on jo vastannut; vastaus kirjataan vain kerran."),
        ("sv", "Kumppani ry har redan svarat; ett svar registreras bara en gång."),
    ],
)
def test_partner_answer_changes_in_the_submission_form_go_through_the_service(
    curator_client, lang, refusal
):
    """Staff record a waiting partner's answer as the partner's own link would (with the
    time); an answer already given cannot be changed there either."""
    submission = SubmissionFactory()
    answered = PartnerFactory(
        submission=submission,
        organisation=OrganisationFactory(name="Kumppani ry"),
        status=Partner.Status.CONFIRMED,
    )
    waiting = PartnerFactory(
        submission=submission,
        organisation=OrganisationFactory(name="Odottava ry"),
        status=Partner.Status.PENDING,
    )
    url = reverse("admin:pledges_submission_change", args=[submission.pk])
    rows = {partner.pk: f"partners-{n}" for n, partner in enumerate(submission.partners.all())}

    refused = curator_client.post(
        url,
        change_form_data(
            curator_client,
            url,
            **{f"{rows[answered.pk]}-status": "declined", f"{rows[waiting.pk]}-status": "declined"},
        ),
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert refused.status_code == 200
    assert refusal in refused.content.decode()
    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert answered.status == Partner.Status.CONFIRMED
    assert (waiting.status, waiting.responded_at) == (Partner.Status.PENDING, None)

    recorded = curator_client.post(
        url, change_form_data(curator_client, url, **{f"{rows[waiting.pk]}-status": "declined"})
    )
    assert recorded.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Partner.Status.DECLINED
    assert waiting.responded_at is not None
    # The submission's audit history says who recorded which answer.
    answer = audit_history(submission).get(action=AuditEvent.Action.PARTNER_ANSWERED)
    assert (answer.actor, answer.before["answer"], answer.after) == (
        curator_client.user,
        "pending",
        {"partner": "Odottava ry", "answer": "declined"},
    )
    page = curator_client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    # Stored as codes; the history panel shows them in the reader's language.
    assert "vastaus: odottaa vahvistusta → kieltäytynyt; kumppani: Odottava ry" in page
    # The admin's own log entry of that save, mirrored, in the reader's language.
    assert "Muutettu Tila kumppani-kohteelle" in page
