"""The services: what they store, what they refuse, and that they are safe to repeat."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from audit.models import AuditEvent
from audit.selectors import audit_history
from mailings.models import Delivery
from pledges import services
from pledges.models import Entry, Organisation, Partner, Pledge, Submission
from pledges.services import (
    ActionRefused,
    CampaignClosed,
    InitiativeData,
    OrganisationData,
    PartnerAnswerRefused,
    PartnerData,
    PledgeData,
)
from tests.pledges.factories import (
    CampaignFactory,
    InitiativeFactory,
    OrganisationFactory,
    PledgeFactory,
    SubmissionFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db
S = Entry.Status


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("kaisa", "kaisa@example.fi", "x" * 16)


def create(**overrides) -> Submission:
    arguments = {
        "language": "sv",
        "organisation": OrganisationData(name="Föreningen Test rf", type="association"),
        "contact_name": "Stina",
        "contact_email": "stina@example.fi",
        "pledge": PledgeData(title="Vi lovar", text="Varje vecka."),
        "themes": list(Theme.objects.filter(number__in=[2, 5])),
        "consent": True,
    }
    arguments.update(overrides)
    return services.submission_create(**arguments)


def test_submission_create_stores_everything_in_the_submitters_language():
    CampaignFactory()
    submission = create(
        initiative=InitiativeData(title="Idrottsklubb", text="Tillsammans.", stage="idea"),
        partners=[PartnerData(name="Klubben rf", type="association", email="k@example.fi")],
    )
    pledge = submission.pledges.get()
    assert (pledge.title_sv, pledge.title_fi, pledge.original_language) == ("Vi lovar", None, "sv")
    assert sorted(pledge.themes.values_list("number", flat=True)) == [2, 5]
    initiative = submission.initiatives.get()
    assert initiative.title_sv == "Idrottsklubb"
    assert submission.partners.get().status == Partner.Status.PENDING
    assert AuditEvent.objects.filter(action="submitted").count() == 2
    # Only the receipt: the partner is invited once the submitter confirms the address.
    deliveries = Delivery.objects.order_by("pk")
    assert [(d.template, d.language) for d in deliveries] == [("pledge_receipt", "sv")]
    assert deliveries[0].dedupe_key == f"pledges:receipt:{submission.pk}"
    assert services.submission_confirm_contact(submission=submission) is True
    assert submission.contact_confirmed_at is not None
    assert [(d.template, d.language) for d in Delivery.objects.order_by("pk")] == [
        ("pledge_receipt", "sv"),
        ("partner_invitation", "sv"),
    ]
    assert submission.partners.get().invitation == Partner.Invitation.SENT
    assert services.submission_confirm_contact(submission=submission) is False
    assert Delivery.objects.count() == 2


def test_submission_create_refuses_a_repeated_address():
    CampaignFactory()
    twice = [
        PartnerData(name="A", type="company", email="x@example.fi"),
        PartnerData(name="B", type="company", email="X@example.fi"),
    ]
    with pytest.raises(ValueError):
        create(partners=twice)
    with pytest.raises(ValueError):
        create(partners=[PartnerData(name="A", type="company", email="STINA@example.fi")])
    assert not Delivery.objects.exists()


def test_submission_create_reuses_an_organisation_by_business_id():
    CampaignFactory()
    existing = OrganisationFactory(name="Vanha nimi ry", business_id="2345671-3")
    submission = create(
        organisation=OrganisationData(name="Uusi nimi", type="company", business_id="2345671-3")
    )
    assert submission.organisation == existing
    assert Organisation.objects.count() == 1
    # Without a business ID a new organisation is created.
    assert create().organisation != existing


def test_submission_create_refuses_when_no_campaign_is_open_and_saves_nothing():
    CampaignFactory(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(CampaignClosed):
        create(partners=[PartnerData(name="P", type="company", email="p@example.fi")])
    assert not Submission.objects.exists()
    assert not Organisation.objects.exists()
    assert not Delivery.objects.exists()


def test_submission_create_needs_an_entry_and_a_theme():
    CampaignFactory()
    with pytest.raises(ValueError):
        create(pledge=None)
    with pytest.raises(ValueError):
        create(themes=[])
    assert not Submission.objects.exists()


def test_publish_records_history_notifies_and_is_idempotent(staff):
    pledge = PledgeFactory(status=S.SUBMITTED, published_at=None)
    change = services.entry_publish(entry=pledge, by=staff)
    pledge.refresh_from_db()
    assert pledge.status == S.PUBLISHED and pledge.published_at is not None
    assert (change.action, change.before, change.after, change.actor) == (
        "published",
        {"status": "submitted"},
        {"status": "published"},
        staff,
    )
    assert change.object == pledge
    delivery = Delivery.objects.get(template="pledge_status")
    assert delivery.to_email == pledge.submission.contact_email
    assert delivery.context["status"] == "published"
    assert services.entry_publish(entry=pledge, by=staff) is None
    assert audit_history(pledge).count() == 1
    assert Delivery.objects.filter(template="pledge_status").count() == 1


def test_publish_refuses_without_consent():
    pledge = PledgeFactory(
        status=S.IN_REVIEW,
        submission=SubmissionFactory(consent_to_publish=False, consent_given_at=None),
    )
    with pytest.raises(ActionRefused, match="julkaisulupaa"):
        services.entry_publish(entry=pledge, by=None)
    pledge.refresh_from_db()
    assert pledge.status == S.IN_REVIEW
    assert not audit_history(pledge).exists()


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.REJECTED])
def test_publish_refuses_withdrawn_and_rejected(status):
    pledge = PledgeFactory(status=status)
    with pytest.raises(ActionRefused):
        services.entry_publish(entry=pledge, by=None)
    assert Pledge.objects.get().status == status


def test_withdraw_refuses_rejected_and_is_idempotent():
    rejected = PledgeFactory(status=S.REJECTED)
    with pytest.raises(ActionRefused, match="Hylättyä"):
        services.entry_withdraw(entry=rejected)
    published = InitiativeFactory(status=S.PUBLISHED)
    change = services.entry_withdraw(entry=published, note="by the submitter")
    assert (change.before, change.after, change.object, change.actor_label) == (
        {"status": "published"},
        {"status": "withdrawn"},
        published,
        "submitter",
    )
    assert services.entry_withdraw(entry=published) is None
    assert AuditEvent.objects.count() == 1


def test_reject_sends_the_reason_only_when_asked(staff):
    quiet = PledgeFactory(status=S.SUBMITTED)
    services.entry_reject(entry=quiet, by=staff, note="Ei liity kotoutumiseen.")
    assert audit_history(quiet).get().note == "Ei liity kotoutumiseen."
    assert not Delivery.objects.exists()

    told = PledgeFactory(status=S.PUBLISHED)
    services.entry_reject(entry=told, by=staff, note="Mainos.", notify=True)
    delivery = Delivery.objects.get()
    assert delivery.context["reason"] == "Mainos." and delivery.context["status"] == "rejected"
    with pytest.raises(ActionRefused):
        services.entry_reject(entry=PledgeFactory(status=S.WITHDRAWN), by=staff)
    assert services.entry_reject(entry=told, by=staff) is None


def test_return_to_review(staff):
    pledge = PledgeFactory(status=S.REJECTED)
    change = services.entry_return_to_review(entry=pledge, by=staff, note="Uusi käsittely")
    assert (change.action, change.before, change.after) == (
        "returned_to_review",
        {"status": "rejected"},
        {"status": "in_review"},
    )
    assert services.entry_return_to_review(entry=pledge, by=staff) is None
    with pytest.raises(ActionRefused):
        services.entry_return_to_review(entry=PledgeFactory(status=S.WITHDRAWN), by=staff)
    # Back in review, a published-before entry can be published again.
    assert services.entry_publish(entry=pledge, by=staff) is not None


def test_set_selected_records_history_and_refuses_withdrawn(staff):
    pledge = PledgeFactory(status=S.PUBLISHED)
    change = services.entry_set_selected(entry=pledge, selected=True, by=staff)
    pledge.refresh_from_db()
    assert pledge.selected is True
    assert (change.action, change.before, change.after, change.actor) == (
        "selected",
        {"selected": False},
        {"selected": True},
        staff,
    )
    assert services.entry_set_selected(entry=pledge, selected=True, by=staff) is None
    assert services.entry_set_selected(entry=pledge, selected=False, by=staff) is not None
    with pytest.raises(ActionRefused):
        services.entry_set_selected(
            entry=PledgeFactory(status=S.WITHDRAWN), selected=True, by=staff
        )


def test_partner_respond_once():
    partner = Partner.objects.create(
        submission=SubmissionFactory(),
        organisation=OrganisationFactory(),
        contact_email="p@example.fi",
    )
    answered = services.partner_respond(partner=partner, confirm=True)
    assert answered.status == Partner.Status.CONFIRMED and answered.responded_at is not None
    with pytest.raises(PartnerAnswerRefused):
        services.partner_respond(partner=partner, confirm=False)
    assert Partner.objects.get().status == Partner.Status.CONFIRMED


def test_status_notices_go_out_in_the_submitters_language(
    smtp_server, django_capture_on_commit_callbacks, staff
):
    submission = SubmissionFactory(language="sv", contact_email="stina@example.fi")
    published = PledgeFactory(
        submission=submission,
        status=S.IN_REVIEW,
        original_language="sv",
        title_fi="",
        title_sv="Språkcafé varje tisdag",
        text_sv="Vi träffas i biblioteket.",
    )
    rejected = InitiativeFactory(submission=submission, status=S.SUBMITTED, original_language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_publish(entry=published, by=staff)
        services.entry_reject(
            entry=rejected, by=staff, note="Inte relevant & för kort.", notify=True
        )
    first, second = smtp_server.messages
    assert first["Subject"] == "Ert bidrag har publicerats"
    text = first.get_body(("plain",)).get_content()
    assert "”Språkcafé varje tisdag” har publicerats" in text
    with translation.override("sv"):
        assert f"http://testserver{published.get_absolute_url()}" in text
    assert second["Subject"] == "Ert bidrag publiceras inte"
    assert "Motivering: Inte relevant & för kort." in second.get_body(("plain",)).get_content()
    assert "Inte relevant &amp; för kort." in second.get_body(("html",)).get_content()
