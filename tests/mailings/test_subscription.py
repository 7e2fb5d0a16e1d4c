"""Subscribing with double opt-in, managing preferences, one-click unsubscribe, the archive."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from mailings import services
from mailings.models import SUBSCRIBER_LINKS, ConsentRecord, Subscriber, Suppression
from mailings.services import subscriptions_purge_unconfirmed
from tests.mailings.factories import NewsletterFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"newsletter:{name}", kwargs=kwargs or None)


def subscribe(client, page_language: str, **overrides):
    data = {
        "email": "Maija.Meikalainen@Example.fi",
        "language": page_language,
        "topics": ["newsletter", "theme-3"],
        "consent": "on",
        "website": "",
        **overrides,
    }
    return client.post(url(page_language, "subscribe"), data)


def link_in(message, name_part: str) -> str:
    text = message.get_body(("plain",)).get_content()
    [link] = [u for u in re.findall(r"https?://\S+", text) if name_part in u]
    return link.removeprefix("http://testserver")


@pytest.mark.parametrize("language", LANGUAGES)
def test_subscribe_confirm_manage_and_unsubscribe(
    client, language, smtp_server, django_capture_on_commit_callbacks
):
    page = client.get(url(language, "subscribe"))
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, language)
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.UNCONFIRMED
    assert sorted(subscriber.topics) == ["newsletter", "theme-3"]
    consent = ConsentRecord.objects.get()
    assert (consent.language, consent.purpose, consent.confirmed_at) == (
        language,
        "newsletter",
        None,
    )
    assert consent.source.startswith("web form /")
    [mail] = smtp_server.messages
    assert mail["To"] == "Maija.Meikalainen@Example.fi"
    assert mail["Content-Language"] == language
    assert (
        mail["Subject"]
        == {"fi": "Vahvista tilauksesi", "sv": "Bekräfta din prenumeration"}[language]
    )
    assert {"fi": "Uutiskirje", "sv": "Nyhetsbrev"}[language] in mail.get_body(
        ("plain",)
    ).get_content()

    confirm_path = link_in(mail, url(language, "subscribe"))
    # GET (as a link scanner would) does not confirm.
    assert client.get(confirm_path).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNCONFIRMED
    done = client.post(confirm_path)
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert ConsentRecord.objects.get().confirmed_at is not None

    manage = url(language, "manage", token=SUBSCRIBER_LINKS["manage"].make(subscriber.pk))
    assert client.get(manage).status_code == 200
    other = "sv" if language == "fi" else "fi"
    saved = client.post(manage, {"language": other, "topics": ["events"]})
    assert saved.status_code == 200
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topics) == (other, ["events"])

    unsubscribe = url(
        language, "unsubscribe", token=SUBSCRIBER_LINKS["unsubscribe"].make(subscriber.pk)
    )
    assert client.get(unsubscribe).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert client.post(unsubscribe).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.filter(email_key="maija.meikalainen@example.fi").exists()


def test_one_click_post_needs_no_csrf_token_and_no_login(smtp_server):
    from django.test import Client

    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    path = url("fi", "unsubscribe", token=SUBSCRIBER_LINKS["unsubscribe"].make(subscriber.pk))
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize("language", LANGUAGES)
def test_subscribing_twice_in_other_case_does_not_duplicate(
    client, language, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, language)
        subscribe(client, language, email="maija.meikalainen@example.FI ")
    assert Subscriber.objects.count() == 1
    assert ConsentRecord.objects.count() == 2
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_shown_in_the_page_language(client, language):
    response = subscribe(client, language, email="not-an-address", topics=[], consent="")
    assert response.status_code == 400
    text = response.text
    assert 'role="alert"' in text
    assert 'aria-invalid="true"' in text
    expected = {"fi": "Anna kelvollinen", "sv": "Ange en giltig"}[language]
    assert expected in text
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "a" * 300 + "@example.fi"},
        {"topics": ["theme-99", "<script>"]},
        {"language": "en"},
        {"email": "\x00@example.fi"},
    ],
)
def test_bad_input_is_refused_without_500(client, overrides):
    response = subscribe(client, "fi", **overrides)
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


def test_honeypot_looks_like_success_but_stores_nothing(client, smtp_server):
    response = subscribe(client, "fi", website="http://spam.example")
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0


def test_subscribe_form_is_rate_limited(client):
    statuses = [subscribe(client, "fi", email="x").status_code for _ in range(12)]
    assert statuses[0] == 400
    assert statuses[-1] == 429


@pytest.mark.parametrize("name", ["confirm", "manage", "unsubscribe"])
@pytest.mark.parametrize("token", ["nonsense", "1:abc:def", "%00", "a" * 500])
def test_tampered_links_give_a_clear_page(client, name, token):
    response = client.get(url("sv", name, token=token))
    assert response.status_code == 400
    assert "Länken är inte giltig" in response.text
    if name == "unsubscribe":
        assert client.post(url("sv", name, token=token)).status_code == 400


def test_a_link_for_one_purpose_does_not_work_for_another(client):
    subscriber = SubscriberFactory(status="unconfirmed")
    token = SUBSCRIBER_LINKS["manage"].make(subscriber.pk)
    assert client.post(url("fi", "confirm", token=token)).status_code == 400
    assert client.post(url("fi", "unsubscribe", token=token)).status_code == 400
    assert Subscriber.objects.get().status == "unconfirmed"


def test_confirmation_link_expires_after_7_days(client):
    subscriber = SubscriberFactory(status="unconfirmed")
    token = SUBSCRIBER_LINKS["confirm"].make(subscriber.pk)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(url("fi", "confirm", token=token)).status_code == 400
    assert Subscriber.objects.get().status == "unconfirmed"


def test_unconfirmed_subscriptions_are_deleted_after_7_days(client, smtp_server):
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        subscribe(client, "fi")
        SubscriberFactory(email="confirmed@example.fi")
    subscribe(client, "fi", email="fresh@example.fi")
    assert subscriptions_purge_unconfirmed() == 1
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "confirmed@example.fi",
        "fresh@example.fi",
    ]
    assert ConsentRecord.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_archive_lists_sent_newsletters_with_an_edition_in_the_language(
    client, language, django_assert_max_num_queries
):
    sent = NewsletterFactory.create_batch(3, status="sent", sent_at=timezone.now())
    only_fi = NewsletterFactory(status="sent", sent_at=timezone.now(), subject_sv="", body_sv="")
    draft = NewsletterFactory(subject_fi="Luonnos", subject_sv="Utkast")
    with django_assert_max_num_queries(3):
        response = client.get(url(language, "archive"))
    assert response.status_code == 200
    for newsletter in sent:
        assert newsletter.get_absolute_url() in response.text
    assert (only_fi.get_absolute_url() in response.text) == (language == "fi")
    assert "Luonnos" not in response.text and "Utkast" not in response.text
    with translation.override(language):
        detail = client.get(sent[0].get_absolute_url())
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert (
            client.get(reverse("newsletter:archive_detail", kwargs={"pk": 999999})).status_code
            == 404
        )
    assert detail.status_code == 200
    assert "<strong>" in detail.text
    assert "<h1>" + getattr(sent[0], f"subject_{language}") + "</h1>" in detail.text


def test_archive_shows_the_other_edition_with_a_note(client):
    only_fi = NewsletterFactory(status="sent", sent_at=timezone.now(), subject_sv="", body_sv="")
    with translation.override("sv"):
        response = client.get(only_fi.get_absolute_url())
    assert response.status_code == 200
    assert '<article lang="fi">' in response.text
    assert "Endast på finska" in response.text


@pytest.mark.parametrize(
    ("language", "page_text"),
    [("fi", "Linkki ei ole enää voimassa"), ("sv", "Länken gäller inte längre")],
)
def test_an_old_confirmation_link_never_undoes_an_unsubscription(
    client, language, page_text, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, language)
    confirm_path = link_in(smtp_server.messages[-1], url(language, "subscribe"))
    assert client.post(confirm_path).status_code == 200
    subscriber = Subscriber.objects.get()
    unsubscribe = url(
        language, "unsubscribe", token=SUBSCRIBER_LINKS["unsubscribe"].make(subscriber.pk)
    )
    assert client.post(unsubscribe).status_code == 200
    consents_before = list(ConsentRecord.objects.values_list("pk", "confirmed_at", "withdrawn_at"))

    for method in (client.get, client.post):
        response = method(confirm_path)
        assert response.status_code == 410
        assert page_text in response.text
        assert f'<html lang="{language}">' in response.text
        assert url(language, "subscribe") in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.objects.filter(email_key=subscriber.email_key).exists()
    assert (
        list(ConsentRecord.objects.values_list("pk", "confirmed_at", "withdrawn_at"))
        == consents_before
    )


def test_after_subscribing_again_only_the_new_link_confirms(
    client, smtp_server, django_capture_on_commit_callbacks
):
    # The first link is from a minute before the unsubscription (links carry seconds).
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, "fi")
        old_path = link_in(smtp_server.messages[-1], url("fi", "subscribe"))
    subscriber = Subscriber.objects.get()
    client.post(url("fi", "unsubscribe", token=SUBSCRIBER_LINKS["unsubscribe"].make(subscriber.pk)))
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "fi")
    new_path = link_in(smtp_server.messages[-1], url("fi", "subscribe"))
    assert old_path != new_path
    assert Subscriber.objects.get().status == Subscriber.Status.UNCONFIRMED
    assert client.post(old_path).status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.UNCONFIRMED
    assert client.post(new_path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert not Suppression.objects.filter(email_key=subscriber.email_key).exists()
    newest = ConsentRecord.objects.order_by("-given_at").first()
    assert newest.confirmed_at is not None and newest.withdrawn_at is None


REFUSED = {
    "fi": "Vain vahvistettua tilausta voi muuttaa. Mitään ei tallennettu.",
    "sv": "Endast en bekräftad prenumeration kan ändras. Inget sparades.",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", ["unconfirmed", "unsubscribed"])
def test_only_a_confirmed_subscription_changes_its_choices(client, language, status):
    subscriber = SubscriberFactory(status=status, language="fi", topics=["newsletter"])
    manage = url(language, "manage", token=SUBSCRIBER_LINKS["manage"].make(subscriber.pk))
    response = client.post(manage, {"language": "sv", "topics": ["events"]})
    assert response.status_code == 409
    assert REFUSED[language] in response.text
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topics) == ("fi", ["newsletter"])

    # The service refuses on its own, whoever calls it.
    with pytest.raises(services.SubscriptionNotConfirmed):
        services.subscription_update(subscriber=subscriber, language="sv", topics=["events"])
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topics) == ("fi", ["newsletter"])
