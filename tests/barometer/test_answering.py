"""Answering the open barometer round through the test client: the form in both languages,
sending, saving and continuing by the signed link, the continue mail, closing, abuse."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from barometer.models import Answer, AnswerChoice, Response
from barometer.services import CONTINUE_LINK
from mailings.models import Delivery
from tests.barometer.factories import choice, open_survey
from tests.portal.hostile import corpus, urlencoded

pytestmark = pytest.mark.django_db
LANGS = ["fi", "sv"]
FORM = "application/x-www-form-urlencoded"
REQUIRED_ERROR = {"fi": "Vastaa tähän kysymykseen.", "sv": "Svara på den här frågan."}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey():
    return open_survey()


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def name(survey, key: str) -> str:
    return f"q{survey.q[key].pk}"


def answers(survey, **overrides) -> dict:
    """A complete sending: every question answered."""
    data = {
        name(survey, "type"): "association",
        name(survey, "region"): "pirkanmaa",
        name(survey, "known"): str(choice(survey, "known", "Kyllä").pk),
        name(survey, "channels"): [
            str(choice(survey, "channels", "Webinaarit").pk),
            str(choice(survey, "channels", "Muu").pk),
        ],
        name(survey, "useful"): "4",
        name(survey, "events"): "3",
        name(survey, "develop"): "Lisää tapaamisia.",
        "send": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def save(data: dict) -> dict:
    data = {key: value for key, value in data.items() if key != "send"}
    return {**data, "save": "1"}


def token_of(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


# --- The form ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_shows_the_open_round_in_the_users_language(client, survey, lang):
    page = client.get(url("barometer:index", lang))
    assert page.status_code == 200
    html = page.content.decode()
    title = {"fi": "Kumppanuusbarometri 2026", "sv": "Partnerskapsbarometern 2026"}[lang]
    assert f"<title>{title} |" in html
    assert f"<h1>{title}</h1>" in html
    # Sections are fieldsets with their titles as legends; choice questions nested fieldsets.
    section = {"fi": "Yhteistyö", "sv": "Samarbetet"}[lang]
    assert f"<legend><h2>{section}</h2></legend>" in html
    question = {
        "fi": "Tunnetko kumppanuusohjelman?",
        "sv": "Känner du till partnerskapsprogrammet?",
    }
    assert re.search(r'<legend class="field__label">' + re.escape(question[lang]), html)
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert 'type="number"' in html and "<textarea" in html
    # The scale's ends carry their labels, and "cannot say" is a choice of its own.
    low = {"fi": "1 – Täysin eri mieltä", "sv": "1 – Helt av annan åsikt"}[lang]
    assert low in html
    assert {"fi": "En osaa sanoa", "sv": "Kan inte säga"}[lang] in html
    # Background choices come from the organisation types and regions, in the language.
    assert {"fi": "koko maa", "sv": "hela landet"}[lang] in html
    assert {"fi": "Vastaa tähän kysymykseen.", "sv": "Svara på den här frågan."}[lang] not in html
    assert {"fi": "Tallenna ja jatka myöhemmin", "sv": "Spara och fortsätt senare"}[lang] in html
    assert 'name="csrfmiddlewaretoken"' in html
    # No name or email is asked for on the form.
    assert 'type="email"' not in html


@pytest.mark.parametrize("lang", LANGS)
def test_sending_valid_answers_stores_them(client, survey, lang):
    response = client.post(url("barometer:index", lang), answers(survey))
    assert response.status_code == 302
    assert response["Location"] == url("barometer:thanks", lang)
    stored = Response.objects.get()
    assert stored.language == lang
    assert stored.submitted_at is not None
    assert (stored.organisation_type, stored.region) == ("association", "pirkanmaa")
    assert stored.continue_email == ""
    by_key = {a.question_id: a for a in Answer.objects.filter(response=stored)}
    assert by_key[survey.q["known"].pk].choice == choice(survey, "known", "Kyllä")
    picked = AnswerChoice.objects.filter(answer=by_key[survey.q["channels"].pk])
    assert {p.choice.text_fi for p in picked} == {"Webinaarit", "Muu"}
    assert by_key[survey.q["useful"].pk].likert == 4
    assert by_key[survey.q["events"].pk].number == 3
    assert by_key[survey.q["develop"].pk].text == "Lisää tapaamisia."
    assert survey.q["type"].pk not in by_key  # background answers are on the response
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert {"fi": "Kiitos vastauksistasi", "sv": "Tack för dina svar"}[lang] in (
        thanks.content.decode()
    )


def test_cannot_say_is_a_scale_answer_without_a_value(client, survey):
    client.post(
        url("barometer:index", "fi"), answers(survey, **{name(survey, "useful"): "cannot_say"})
    )
    answer = Answer.objects.get(question=survey.q["useful"])
    assert answer.likert is None


@pytest.mark.parametrize("lang", LANGS)
def test_required_questions_missing_give_errors_and_save_nothing(client, survey, lang):
    data = answers(survey, **{name(survey, "known"): None, name(survey, "useful"): None})
    page = client.post(url("barometer:index", lang), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert not Response.objects.exists()
    assert 'class="error-summary"' in html
    assert html.count(REQUIRED_ERROR[lang]) == 4  # twice each: the summary and the field
    assert f'href="#id_{name(survey, "known")}_0"' in html
    assert {"fi": "<title>Virhe:", "sv": "<title>Fel:"}[lang] in html
    # What was given stays filled in.
    assert "Lisää tapaamisia." in html


def test_saving_does_not_require_the_required_questions(client, survey):
    response = client.post(url("barometer:index", "fi"), save({name(survey, "events"): "7"}))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.submitted_at is None
    assert Answer.objects.get(response=stored).number == 7


# --- Saving and continuing -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_save_continue_by_link_and_send_once(client, survey, lang):
    data = answers(survey, **{name(survey, "known"): None})
    response = client.post(url("barometer:index", lang), save(data))
    assert response.status_code == 302
    token = token_of(response)
    assert response["Location"] == url("barometer:saved", lang, token=token)
    stored = Response.objects.get()
    assert CONTINUE_LINK.read(token) == stored.pk
    assert stored.submitted_at is None

    saved = client.get(response["Location"]).content.decode()
    link = url("barometer:continue", lang, token=token)
    assert f'value="http://testserver{link}"' in saved
    assert {"fi": "Vastauksesi on tallennettu", "sv": "Dina svar har sparats"}[lang] in saved

    # A new client (another day, another browser): the link shows the saved answers.
    other = Client()
    form = other.get(link).content.decode()
    assert 'value="association" required' not in form
    assert re.search(r'value="association"[^>]*checked', form)
    assert re.search(r'value="4"[^>]*checked', form)
    webinars = choice(survey, "channels", "Webinaarit").pk
    assert re.search(rf'value="{webinars}"[^>]*checked', form)
    assert re.search(r'name="' + name(survey, "events") + r'" value="3"', form)
    assert "Lisää tapaamisia.</textarea>" in form
    assert f'action="{link}"' in form

    # Finished and sent through the link: the same response, now submitted.
    sent = other.post(link, answers(survey, **{name(survey, "develop"): "Muutettu."}))
    assert sent.status_code == 302
    stored.refresh_from_db()
    assert stored.submitted_at is not None
    assert Response.objects.count() == 1
    assert Answer.objects.get(question=survey.q["develop"]).text == "Muutettu."
    assert Answer.objects.get(question=survey.q["known"]).choice.text_fi == "Kyllä"

    # One answer per link: reopening or resending is refused and changes nothing.
    again = other.get(link)
    text = {"fi": "Nämä vastaukset on jo lähetetty", "sv": "De här svaren har redan skickats"}
    assert text[lang] in again.content.decode()
    resent = other.post(link, answers(survey, **{name(survey, "develop"): "Kolmas."}))
    assert text[lang] in resent.content.decode()
    assert Answer.objects.get(question=survey.q["develop"]).text == "Muutettu."
    assert text[lang] in other.get(url("barometer:saved", lang, token=token)).content.decode()


def test_saving_again_through_the_link_keeps_one_response(client, survey):
    token = token_of(client.post(url("barometer:index", "fi"), save({name(survey, "events"): "1"})))
    link = url("barometer:continue", "fi", token=token)
    response = client.post(link, save({name(survey, "events"): "2"}))
    assert response.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.get().number == 2


@pytest.mark.parametrize("token", ["tampered", "MQ:1abc:xyz", "%00", "a" * 500, None])
def test_a_bad_link_is_a_404_page(client, survey, token):
    stored = Response.objects.create(survey=survey, language="fi")
    good = CONTINUE_LINK.make(stored.pk)
    # None: a real link with its signature changed in one place.
    bad = token or good[:-1] + ("A" if good[-1] != "A" else "B")
    for view in ("barometer:continue", "barometer:saved"):
        address = url(view, "fi", token=bad)
        page = client.get(address)
        assert page.status_code == 404
        html = page.content.decode()
        assert "<h1>Linkki ei toimi</h1>" in html and "Linkki vastaamisen jatkamiseen" in html
        assert client.post(address, {"email": "a@example.fi"}).status_code == 404
    assert not Delivery.objects.exists()


def test_a_link_of_another_purpose_does_not_work(client, survey):
    from pledges.services import STATUS_LINK

    stored = Response.objects.create(survey=survey, language="fi")
    page = client.get(url("barometer:continue", "fi", token=STATUS_LINK.make(stored.pk)))
    assert page.status_code == 404


# --- Closing -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_after_closing_the_form_says_so_and_saves_nothing(client, survey, lang):
    token = token_of(client.post(url("barometer:index", lang), save(answers(survey))))
    Answer.objects.all().delete()
    with time_machine.travel(survey.closes_at + timedelta(seconds=1)):
        page = client.post(url("barometer:index", lang), answers(survey))
        html = page.content.decode()
        closed = {
            "fi": "Barometriin ei voi nyt vastata",
            "sv": "Det går inte att svara på barometern nu",
        }
        assert closed[lang] in html
        too_late = {
            "fi": "Vastauksesi saapuivat vastausajan päätyttyä",
            "sv": "Dina svar kom fram efter att svarstiden gått ut",
        }
        assert too_late[lang] in html
        link = url("barometer:continue", lang, token=token)
        assert closed[lang] in client.get(link).content.decode()
        refused = client.post(link, answers(survey))
        assert too_late[lang] in refused.content.decode()
        saved = client.post(url("barometer:saved", lang, token=token), {"email": "a@example.fi"})
        assert too_late[lang] in saved.content.decode()
    assert Response.objects.filter(submitted_at__isnull=False).count() == 0
    assert not Answer.objects.exists()
    assert not Delivery.objects.exists()
    assert Response.objects.get().continue_email == ""


def test_the_services_refuse_a_closed_round_on_their_own(survey):
    from barometer.services import BackgroundValues, RoundClosed, response_submit

    with time_machine.travel(survey.closes_at), pytest.raises(RoundClosed):
        response_submit(
            survey=survey, response=None, language="fi", background=BackgroundValues(), answers=[]
        )
    assert not Response.objects.exists()


# --- The continue mail -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_continue_mail_carries_the_link_and_nothing_typed_in_the_form(
    client, survey, lang, smtp_server, django_capture_on_commit_callbacks
):
    secret = "Salainen vastaus 7f3a"
    data = save(answers(survey, **{name(survey, "develop"): secret}))
    token = token_of(client.post(url("barometer:index", lang), data))
    saved = url("barometer:saved", lang, token=token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(saved, {"email": "Vastaaja@Example.fi"})
    assert response.status_code == 302
    page = client.get(saved).content.decode()
    sent_to = {"fi": "Linkki on lähetetty osoitteeseen", "sv": "Länken har skickats till"}
    assert f"{sent_to[lang]} Vastaaja@Example.fi" in page
    assert Response.objects.get().continue_email == "Vastaaja@Example.fi"

    assert len(smtp_server.raw) == 1
    # The bytes on the wire, soft line breaks of quoted-printable undone.
    raw = smtp_server.raw[0].replace(b"=\r\n", b"")
    path = url("barometer:continue", lang, token="TOKEN").replace("TOKEN/", "")
    found = re.search(rb"http://testserver" + re.escape(path.encode()) + rb"([^/\s<\"]+)/", raw)
    assert found, raw
    assert CONTINUE_LINK.read(found.group(1).decode()) == Response.objects.get().pk
    link = found.group(0).decode()
    assert secret.encode() not in raw and b"7f3a" not in raw
    assert b"Vastaaja@Example.fi" not in raw.split(b"\r\n\r\n", 1)[1]  # only in the headers
    message = smtp_server.messages[0]
    assert message["Content-Language"] == lang
    text = message.get_body(("plain",)).get_content()
    assert link in text and secret not in text
    assert secret not in message.get_body(("html",)).get_content()

    # The link from the mail resumes; sending clears the address.
    client.post(link.removeprefix("http://testserver"), answers(survey))
    assert Response.objects.get().continue_email == ""


@pytest.mark.parametrize("lang", LANGS)
def test_at_most_three_continue_mails_per_address_a_day(
    client, survey, lang, django_capture_on_commit_callbacks
):
    for _ in range(3):
        token = token_of(client.post(url("barometer:index", lang), save(answers(survey))))
        response = client.post(url("barometer:saved", lang, token=token), {"email": "x@example.fi"})
        assert response.status_code == 302
    token = token_of(client.post(url("barometer:index", lang), save(answers(survey))))
    # Any spelling of the same address counts.
    page = client.post(url("barometer:saved", lang, token=token), {"email": " X@EXAMPLE.FI "})
    assert page.status_code == 200
    refusal = {
        "fi": "Tähän osoitteeseen tai näille vastauksille ei voi enää tänään lähettää linkkiä.",
        "sv": "Fler länkar kan inte skickas till den här adressen eller för de här svaren i dag.",
    }
    assert refusal[lang] in page.content.decode()
    assert 'class="error-summary"' in page.content.decode()
    assert Delivery.objects.count() == 3


def test_at_most_three_continue_mails_per_response(client, survey):
    token = token_of(client.post(url("barometer:index", "fi"), save(answers(survey))))
    saved = url("barometer:saved", "fi", token=token)
    for number in range(3):
        assert client.post(saved, {"email": f"a{number}@example.fi"}).status_code == 302
    page = client.post(saved, {"email": "a9@example.fi"})
    assert page.status_code == 200
    assert Delivery.objects.count() == 3


def test_a_bad_address_is_an_error_in_the_language(client, survey):
    token = token_of(client.post(url("barometer:index", "sv"), save(answers(survey))))
    page = client.post(url("barometer:saved", "sv", token=token), {"email": "inte en adress"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "giltig e-postadress" in html
    assert "<title>Fel:" in html
    assert not Delivery.objects.exists()


# --- Abuse ---------------------------------------------------------------------------


def test_the_honeypot_saves_nothing(client, survey):
    response = client.post(url("barometer:index", "fi"), answers(survey, homepage="http://spam"))
    assert response.status_code == 302
    assert not Response.objects.exists()
    token = token_of(client.post(url("barometer:index", "fi"), save(answers(survey))))
    client.post(
        url("barometer:saved", "fi", token=token), {"email": "a@example.fi", "homepage": "x"}
    )
    assert not Delivery.objects.exists()


def test_csrf_is_required(survey):
    response = Client(enforce_csrf_checks=True).post(url("barometer:index", "fi"), answers(survey))
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_posting_is_rate_limited_per_address(client, survey):
    for _ in range(10):
        assert client.post(url("barometer:index", "fi"), answers(survey)).status_code == 302
    refused = client.post(url("barometer:index", "fi"), answers(survey))
    assert refused.status_code == 429
    assert Response.objects.count() == 10
    # Reading the form is not limited.
    assert client.get(url("barometer:index", "fi")).status_code == 200


def test_the_mail_request_is_rate_limited_per_address(client, survey):
    token = token_of(client.post(url("barometer:index", "fi"), save(answers(survey))))
    saved = url("barometer:saved", "fi", token=token)
    statuses = [client.post(saved, {"email": "not an address"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_choices_of_another_question_and_odd_values_are_errors(client, survey):
    other = choice(survey, "channels", "Webinaarit").pk
    odd = {
        name(survey, "known"): str(other),
        name(survey, "channels"): ["999999", "-1", "x"],
        name(survey, "useful"): "6",
        name(survey, "events"): "1" * 5000,
        name(survey, "type"): "government",
        name(survey, "region"): "Atlantis",
    }
    page = client.post(url("barometer:index", "fi"), answers(survey, **odd))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="errorlist') >= 6
    assert not Response.objects.exists()
    for number in ("10000001", "-1", "1e309", "NaN", "3.5", "0x10"):
        page = client.post(
            url("barometer:index", "fi"), answers(survey, **{name(survey, "events"): number})
        )
        assert page.status_code == 200, number
    assert not Response.objects.exists()
    too_long = client.post(
        url("barometer:index", "fi"), answers(survey, **{name(survey, "develop"): "x" * 5001})
    )
    assert too_long.status_code == 200
    assert not Response.objects.exists()


@pytest.mark.parametrize("lang", LANGS)
def test_control_characters_are_refused_in_the_language(client, survey, lang):
    text = "Rivi\x00 yksi\x07\nrivi kaksi\x1b"
    data = answers(survey, **{name(survey, "develop"): text})
    page = client.post(url("barometer:index", lang), data)
    assert page.status_code == 200
    assert 'class="error-summary"' in page.content.decode()
    assert f'href="#id_{name(survey, "develop")}"' in page.content.decode()
    assert not Response.objects.exists()


def test_hostile_strings_in_every_field_never_give_a_500(client, survey, settings):
    strings = corpus()[:60]
    settings.RATELIMIT_ENABLE = False
    fields = [name(survey, key) for key in survey.q] + ["homepage", "save", "send"]
    for index, value in enumerate(strings):
        data = dict.fromkeys(fields, value)
        if index % 2:
            data.pop("homepage")
            data.pop("save")
        response = client.post(url("barometer:index", "fi"), urlencoded(data), content_type=FORM)
        assert response.status_code in (200, 302, 400), repr(value)
        # As the only value of a field in an otherwise valid sending, too.
        target = fields[index % (len(fields) - 3)]
        response = client.post(
            url("barometer:index", "sv"),
            urlencoded(answers(survey, **{target: value})),
            content_type=FORM,
        )
        assert response.status_code in (200, 302, 400), (target, repr(value))
    token = token_of(client.post(url("barometer:index", "fi"), save({})))
    saved = url("barometer:saved", "fi", token=token)
    for value in strings[:20]:
        response = client.post(saved, urlencoded({"email": value}), content_type=FORM)
        assert response.status_code in (200, 302, 400), repr(value)


def test_the_answering_pages_are_valid_html(client, survey, tmp_path):
    from tests.conftest import assert_valid_html

    pages = [client.get(url("barometer:index", lang)).content for lang in LANGS]
    pages.append(client.post(url("barometer:index", "sv"), {"send": "1"}).content)
    token = token_of(client.post(url("barometer:index", "fi"), save(answers(survey))))
    pages.append(client.get(url("barometer:saved", "fi", token=token)).content)
    pages.append(client.post(url("barometer:saved", "fi", token=token), {"email": "x"}).content)
    pages.append(client.get(url("barometer:continue", "fi", token=token)).content)
    pages.append(client.get(url("barometer:continue", "fi", token="bad")).content)
    pages.append(client.get(url("barometer:thanks", "sv")).content)
    client.post(url("barometer:continue", "fi", token=token), answers(survey))
    pages.append(client.get(url("barometer:continue", "fi", token=token)).content)
    with time_machine.travel(survey.closes_at):
        pages.append(client.post(url("barometer:index", "fi"), answers(survey)).content)
    assert_valid_html(pages, tmp_path)
