"""The barometer in the admin, as Communications uses it: building a survey, the lock on
answered questions, the response counts and the moderation of open answers."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from barometer import services
from barometer.models import Answer, Question, Section
from core.roles import COMMUNICATIONS
from tests.barometer.test_models import answered, question_make, survey_make
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def communications(client, django_user_model):
    user = django_user_model.objects.create_user(username="viestinta", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return verified_login(client, user)


def form_data(response) -> dict:
    """The change form as the browser would post it back unchanged (with its inlines)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%d.%m.%Y}", f"{local:%H:%M:%S}"
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for inline_form in formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None and value is not False:
                    data[inline_form.add_prefix(name)] = value
    return data


def question_url(question: Question) -> str:
    return reverse("admin:barometer_question_change", args=[question.pk])


def test_communications_builds_a_survey_with_sections(communications):
    response = communications.post(
        reverse("admin:barometer_survey_add"),
        {
            "year": "2024",
            "title_fi": "Kumppanuusbarometri 2024",
            "title_sv": "Partnerskapsbarometern 2024",
            "opens_at_0": "4.11.2024",
            "opens_at_1": "00:00:00",
            "closes_at_0": "24.2.2025",
            "closes_at_1": "23:59:00",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-position": "1",
            "sections-0-title_fi": "Taustatiedot",
            "sections-0-title_sv": "Bakgrundsuppgifter",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    section = Section.objects.get()
    assert (section.survey.year, section.title_sv) == (2024, "Bakgrundsuppgifter")


def test_an_unanswered_question_can_change_its_kind_and_choices(communications):
    question = question_make(survey_make())
    page = communications.get(question_url(question))
    assert str(services.LOCKED_MESSAGE) not in page.content.decode()
    data = form_data(page) | {"kind": Question.Kind.MULTIPLE, "choices-0-DELETE": "on"}
    response = communications.post(question_url(question), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == Question.Kind.MULTIPLE
    assert question.choices.count() == 1


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_an_answered_question_is_locked_and_the_admin_says_why(communications, language):
    question = question_make(survey_make())
    answered(question)
    with translation.override(language):
        url = question_url(question)
        message = str(services.LOCKED_MESSAGE)
    assert message.startswith(
        {"fi": "Kyselyyn on jo vastattu", "sv": "Enkäten har redan"}[language]
    )
    communications.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    page = communications.get(url)
    html = page.content.decode()
    assert message in html
    # The kind is shown, not offered as a field; no choice can be added or deleted.
    assert 'name="kind"' not in html
    assert 'name="choices-0-DELETE"' not in html
    assert (
        communications.get(
            reverse("admin:barometer_survey_change", args=[question.section.survey.pk])
        )
        .content.decode()
        .count(message)
        == 1
    )

    # A crafted post changes neither the kind nor the choices; the wording can be corrected.
    data = form_data(page) | {
        "kind": Question.Kind.TEXT,
        "text_sv": "Hur ofta, ungefär?",
        "choices-0-DELETE": "on",
        "choices-TOTAL_FORMS": "3",
        "choices-2-position": "3",
        "choices-2-text_fi": "Ei koskaan",
        "choices-2-text_sv": "Aldrig",
    }
    response = communications.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == Question.Kind.SINGLE
    assert question.text_sv == "Hur ofta, ungefär?"
    assert question.choices.count() == 2

    # Nor can it be deleted.
    delete = reverse("admin:barometer_question_delete", args=[question.pk])
    assert communications.get(delete).status_code == 403
    assert communications.post(delete, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_section_with_answered_questions_cannot_be_deleted(communications):
    question = question_make(survey_make())
    answered(question)
    url = reverse("admin:barometer_survey_change", args=[question.section.survey.pk])
    data = form_data(communications.get(url)) | {"sections-0-DELETE": "on"}
    response = communications.post(url, data)
    assert response.status_code == 200
    assert "vastattu" in response.content.decode()
    assert Section.objects.filter(pk=question.section.pk).exists()


def test_the_survey_page_counts_submitted_responses_by_type_and_region(communications):
    question = question_make(survey_make())
    for _ in range(3):
        answered(question)
    html = communications.get(
        reverse("admin:barometer_survey_change", args=[question.section.survey.pk])
    ).content.decode()
    assert "Organisaation tyypin mukaan" in html and "Maakunnan mukaan" in html
    assert "<th scope='row'>kunta</th><td>3</td>" in html.replace('"', "'")
    assert "<th scope='row'>Uusimaa</th><td>3</td>" in html.replace('"', "'")


def test_moderation_list_shows_open_answers_and_approves_them(communications):
    survey = survey_make()
    open_question = question_make(survey, kind=Question.Kind.TEXT, position=2)
    choice_question = question_make(survey, kind=Question.Kind.SINGLE)
    waiting = answered(open_question, text="Lisää alueellisia tapaamisia.")
    spam = answered(open_question, text="Osta halpoja kelloja!")
    answered(choice_question)
    changelist = reverse("admin:barometer_answer_changelist")

    page = communications.get(changelist)
    assert page.status_code == 200
    # Only open-text answers are moderated.
    assert {answer.pk for answer in page.context["cl"].result_list} == {spam.pk, waiting.pk}

    for action, answer in [("approve", waiting), ("reject", spam)]:
        response = communications.post(
            changelist, {"action": action, "_selected_action": [answer.pk], "index": "0"}
        )
        assert response.status_code == 302
    waiting.refresh_from_db()
    spam.refresh_from_db()
    assert waiting.moderation == Answer.Moderation.APPROVED and waiting.moderated_at
    assert spam.moderation == Answer.Moderation.REJECTED
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.STATUS_CHANGED, after={"moderation": "approved"}
        ).count()
        == 1
    )
    pending = communications.get(changelist + "?moderation__exact=pending")
    assert list(pending.context["cl"].result_list) == []


def test_moderation_list_runs_a_bounded_number_of_queries(
    communications, django_assert_max_num_queries
):
    question = question_make(survey_make(), kind=Question.Kind.TEXT)
    for number in range(30):
        answered(question, text=f"Vastaus {number}")
    with django_assert_max_num_queries(15):
        page = communications.get(reverse("admin:barometer_answer_changelist"))
    assert len(page.context["cl"].result_list) == 30


def _raw_answers_survey():
    """A round with one submitted response to every kind of question (and one unsubmitted)."""
    from barometer.models import AnswerChoice, Response

    survey = survey_make(year=2025)
    single = question_make(survey, position=1, text_fi="Kuinka usein?")
    multiple = question_make(
        survey, kind=Question.Kind.MULTIPLE, position=2, text_fi="Mitkä kanavat?"
    )
    number = question_make(survey, kind=Question.Kind.NUMBER, position=3, text_fi="Montako?")
    likert = question_make(survey, kind=Question.Kind.LIKERT, position=4, text_fi="Arvio")
    unsure = question_make(survey, kind=Question.Kind.LIKERT, position=5, text_fi="Toinen arvio")
    text = question_make(survey, kind=Question.Kind.TEXT, position=6, text_fi="Terveiset")
    response = Response.objects.create(
        survey=survey,
        language="sv",
        organisation_type="association",
        region="uusimaa",
        submitted_at=datetime(2025, 1, 15, 9, 30, tzinfo=ZoneInfo("Europe/Helsinki")),
    )
    Answer.objects.create(response=response, question=single, choice=single.choices.last())
    picked = Answer.objects.create(response=response, question=multiple)
    for choice in multiple.choices.all():
        AnswerChoice.objects.create(answer=picked, choice=choice)
    Answer.objects.create(response=response, question=number, number=12)
    Answer.objects.create(response=response, question=likert, likert=4)
    Answer.objects.create(response=response, question=unsure, likert=None)
    Answer.objects.create(response=response, question=text, text='=HYPERLINK("x")')
    Response.objects.create(survey=survey, language="fi")  # not submitted: not exported
    return survey, response


def test_communications_downloads_the_raw_answers_as_csv(communications):
    survey, response = _raw_answers_survey()
    with translation.override("fi"):
        reply = communications.post(
            reverse("admin:barometer_survey_changelist"),
            {"action": "download_raw_answers", "_selected_action": [survey.pk], "index": "0"},
        )
    assert reply.status_code == 200
    assert reply["Content-Type"] == "text/csv; charset=utf-8"
    assert reply["Content-Disposition"] == 'attachment; filename="barometer-2025.csv"'
    expected = (
        "vastaus;vuosi;kieli;organisaation tyyppi;maakunta;lähetetty;"
        "2025: Kuinka usein?;2025: Mitkä kanavat?;2025: Montako?;2025: Arvio;"
        "2025: Toinen arvio;2025: Terveiset\r\n"
        f"{response.pk};2025;sv;yhdistys tai järjestö;Uusimaa;2025-01-15 09:30;"
        'Harvoin;"Usein; Harvoin";12;4;en osaa sanoa;"\'=HYPERLINK(""x"")"\r\n'
    )
    assert reply.content.decode("utf-8-sig") == expected, reply.content.decode()


def test_staff_without_the_response_permission_cannot_download_raw_answers(
    client, django_user_model
):
    from django.contrib.auth.models import Permission

    survey, _response = _raw_answers_survey()
    user = django_user_model.objects.create_user(username="toimittaja", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="barometer", codename__in=["view_survey", "change_survey"]
        )
    )
    verified_login(client, user)
    changelist = reverse("admin:barometer_survey_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert "download_raw_answers" not in page.content.decode()
    reply = client.post(
        changelist,
        {"action": "download_raw_answers", "_selected_action": [survey.pk], "index": "0"},
    )
    assert not reply.get("Content-Type", "").startswith("text/csv")
    assert b"Uusimaa" not in reply.content


@pytest.fixture
def translator(client, django_user_model):
    from core.roles import TRANSLATORS

    user = django_user_model.objects.create_user(username="kaantaja", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    return verified_login(client, user)


def test_translators_translate_the_texts_of_a_round_but_see_no_responses(translator):
    question = question_make(survey_make(year=2025))
    answered(question)
    survey, section = question.section.survey, question.section
    choice = question.choices.first()
    for model, obj, field, value in [
        ("survey", survey, "title_sv", "Partnerskapsbarometern 2025 (rättad)"),
        ("section", section, "title_sv", "Samarbete"),
        ("question", question, "text_sv", "Hur ofta samarbetar ni?"),
        ("choice", choice, "text_sv", "Ofta (rättad)"),
    ]:
        url = reverse(f"admin:barometer_{model}_change", args=[obj.pk])
        page = translator.get(url)
        assert page.status_code == 200, model
        data = form_data(page)
        data[field] = value
        response = translator.post(url, data)
        assert response.status_code == 302, (model, response.context["adminform"].form.errors)
        obj.refresh_from_db()
        assert getattr(obj, field) == value
    # The Finnish original is untouched, the structure read-only, and no responses shown.
    question.refresh_from_db()
    assert question.text_fi == "Kuinka usein?"
    assert translator.get(reverse("admin:barometer_response_changelist")).status_code == 403
    assert translator.get(reverse("admin:barometer_survey_add")).status_code == 403
    changelist = translator.get(reverse("admin:barometer_survey_changelist"))
    assert "download_raw_answers" not in changelist.content.decode()
