"""Export and erasure of everything held about an address, across the apps."""

import json

import pytest
from django.contrib.auth import get_user_model

from events.models import Registration
from mailings.models import ConsentRecord, Delivery, Subscriber, Subscription, Suppression
from pledges.models import Partner, PartnerInterest, Pledge, Submission
from portal.models import AccessibilityFeedback
from privacy.models import PersonalDataRequest
from privacy.services import personal_data_erase, personal_data_export
from tests.events.factories import RegistrationFactory
from tests.mailings.factories import SubscriberFactory
from tests.pledges.factories import InitiativeFactory, PartnerFactory, PledgeFactory

pytestmark = pytest.mark.django_db

ADDRESS = "Aino.Aaltonen@Example.fi"
OTHER = "bertil.berg@example.fi"


def _person(address: str, name: str) -> dict:
    """The same person in every app that holds personal data (typed in varying case)."""
    pledge = PledgeFactory(
        submission__contact_email=address.lower(),
        submission__contact_name=name,
        submission__contact_phone="+358 40 123 4567",
        text_fi="Järjestämme kielikahvilan joka tiistai.",
    )
    partner = PartnerFactory(contact_email=address.upper())
    interest = PartnerInterest.objects.create(
        initiative=InitiativeFactory(),
        organisation_name="Kumppani Oy",
        contact_name=name,
        email=address,
        message=f"Terveisin {name}",
    )
    registration = RegistrationFactory(email=address, name=name, needs="Pyörätuoli")
    subscriber = SubscriberFactory(email=address, topics=["newsletter", "events"])
    consent = ConsentRecord.objects.create(
        subscriber=subscriber,
        purpose="newsletter",
        text_version="1",
        text="Suostun.",
        language="fi",
        source="test",
        given_at=subscriber.created_at,
    )
    delivery = Delivery.objects.create(
        to_email=address,
        language="fi",
        template="subscription_confirm",
        context={"name": name},
        status=Delivery.Status.SENT,
    )
    feedback = AccessibilityFeedback.objects.create(
        language="fi", name=name, email=address, message="Kontrasti on heikko."
    )
    return {
        "pledge": pledge,
        "partner": partner,
        "interest": interest,
        "registration": registration,
        "subscriber": subscriber,
        "consent": consent,
        "delivery": delivery,
        "feedback": feedback,
    }


@pytest.fixture
def people():
    return _person(ADDRESS, "Aino Aaltonen"), _person(OTHER, "Bertil Berg")


def test_export_holds_everything_about_the_address_and_nothing_else(people):
    mine, _other = people
    data = personal_data_export(email=" aino.aaltonen@EXAMPLE.fi ")

    assert [s["id"] for s in data["submissions"]] == [mine["pledge"].submission_id]
    submission = data["submissions"][0]
    assert submission["contact_name"] == "Aino Aaltonen"
    assert submission["contact_phone"] == "+358 40 123 4567"
    assert submission["pledges"][0]["text"]["fi"] == "Järjestämme kielikahvilan joka tiistai."
    assert [p["id"] for p in data["partner_confirmations"]] == [mine["partner"].pk]
    assert [i["id"] for i in data["partner_interests"]] == [mine["interest"].pk]
    assert data["registrations"][0]["needs"] == "Pyörätuoli"
    assert data["subscriptions"][0]["topics"] == ["events", "newsletter"]
    assert [c["id"] for c in data["consent_records"]] == [mine["consent"].pk]
    assert [d["id"] for d in data["mail_sent"]] == [mine["delivery"].pk]
    assert [f["id"] for f in data["accessibility_feedback"]] == [mine["feedback"].pk]
    # JSON-safe and free of the other person.
    text = json.dumps(data, ensure_ascii=False)
    assert "Bertil" not in text and OTHER not in text


def test_export_of_an_unknown_address_is_empty(people):
    data = personal_data_export(email="nobody@example.fi")
    assert all(value == [] for value in data.values() if isinstance(value, list))


def test_export_of_an_empty_address_matches_nothing(people):
    people[0]["feedback"].email = ""
    people[0]["feedback"].save()
    data = personal_data_export(email="  ")
    assert data["accessibility_feedback"] == []


def test_erase_removes_the_person_keeps_published_content_and_logs(people):
    mine, other = people
    staff = get_user_model().objects.create_user(username="kaisa", is_staff=True)

    summary = personal_data_erase(email=ADDRESS, user=staff)

    submission = Submission.objects.get(pk=mine["pledge"].submission_id)
    assert submission.contact_name == "" and submission.contact_phone == ""
    assert submission.contact_email.endswith("@anonymised.invalid")
    assert submission.consent_to_publish is True
    pledge = Pledge.objects.get(pk=mine["pledge"].pk)
    assert pledge.text_fi == "Järjestämme kielikahvilan joka tiistai."
    assert pledge.status == "published" and pledge.organisation_id == submission.organisation_id
    assert Partner.objects.get(pk=mine["partner"].pk).contact_email.endswith(".invalid")
    interest = PartnerInterest.objects.get(pk=mine["interest"].pk)
    assert (interest.contact_name, interest.message) == ("", "")
    registration = Registration.objects.get(pk=mine["registration"].pk)
    assert (registration.name, registration.email, registration.needs) == ("", "", "")
    assert registration.anonymised_at is not None
    assert not Subscriber.objects.filter(pk=mine["subscriber"].pk).exists()
    assert not ConsentRecord.objects.filter(pk=mine["consent"].pk).exists()
    assert not Subscription.objects.filter(subscriber_id=mine["subscriber"].pk).exists()
    assert Suppression.objects.filter(email_key=ADDRESS.lower()).exists()
    delivery = Delivery.objects.get(pk=mine["delivery"].pk)
    assert delivery.context == {} and delivery.to_email.endswith(".invalid")
    feedback = AccessibilityFeedback.objects.get(pk=mine["feedback"].pk)
    assert (feedback.name, feedback.email) == ("", "")
    assert feedback.message == "Kontrasti on heikko."
    assert summary["suppression_kept"] is True

    # Nothing is left to export, apart from the suppression that keeps mail away.
    left = personal_data_export(email=ADDRESS)
    assert [k for k, v in left.items() if isinstance(v, list) and v] == ["suppressions"]

    # The other person is untouched.
    assert Submission.objects.get(pk=other["pledge"].submission_id).contact_name == "Bertil Berg"
    assert Subscriber.objects.filter(pk=other["subscriber"].pk).exists()
    assert personal_data_export(email=OTHER)["registrations"][0]["name"] == "Bertil Berg"

    log = PersonalDataRequest.objects.get()
    assert (log.action, log.object_repr, log.actor, log.actor_label) == (
        "personal_data_erased",
        ADDRESS,
        staff,
        "kaisa",
    )
    assert log.after["submissions"] == [submission.pk]


def test_erase_skips_pending_mail_and_twice_is_harmless(people):
    pending = Delivery.objects.create(
        to_email=ADDRESS, language="fi", template="subscription_confirm", context={"a": 1}
    )
    personal_data_erase(email=ADDRESS, user=None)
    personal_data_erase(email=ADDRESS, user=None)
    pending.refresh_from_db()
    assert pending.status == Delivery.Status.SKIPPED
    assert PersonalDataRequest.objects.filter(action="personal_data_erased").count() == 2
    assert PersonalDataRequest.objects.filter(actor__isnull=True, actor_label="system").count() == 2
