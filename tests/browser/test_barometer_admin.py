"""The barometer's admin in the real browser, as Communications uses it: building a round
(the survey with its section inline, questions with their choice inline, in both languages
through modeltranslation's tabs), the lock on answered questions, the moderation of open
answers (and the approved ones on the public results), and the raw answers as CSV."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from barometer import services
from barometer.models import Answer, Question, Survey
from tests.barometer.test_models import answered, question_make, survey_make
from tests.browser.conftest import STAFF_PASSWORD, admin_log_in

PASSWORD = STAFF_PASSWORD


def test_communications_downloads_the_raw_answers(
    page, live_server, communications, browser_errors, tmp_path
):
    question = question_make(survey_make(year=2025))
    answer = answered(question)
    admin_log_in(page, live_server, communications, PASSWORD)
    page.goto(live_server.url + reverse("admin:barometer_survey_changelist"))
    page.locator(f'input[name="_selected_action"][value="{question.section.survey.pk}"]').check()
    page.locator('select[name="action"]').select_option("download_raw_answers")
    expect(page.locator('select[name="action"] option:checked')).to_have_text(
        "Lataa vastausaineisto (CSV)"
    )
    with page.expect_download() as download:
        page.locator('button[name="index"]').click()
    assert download.value.suggested_filename == "barometer-2025.csv"
    saved = tmp_path / "raw.csv"
    download.value.save_as(saved)
    lines = saved.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("vastaus;vuosi;kieli;")
    assert lines[1].startswith(f"{answer.response.pk};2025;fi;kunta;Uusimaa;")
    assert lines[1].endswith(";Usein")
    browser_errors.assert_none()


# ---------------------------------------------------------------------------------------
# Building a round, the lock on answered questions and the moderation, clicked through
# ---------------------------------------------------------------------------------------


def fill_in_both_languages(page, field_id: str, fi: str, sv: str) -> None:
    """Type a translated field in its language tabs: click "fi", type, click "sv", type."""
    fi_field, sv_field = page.locator(f"#{field_id}_fi"), page.locator(f"#{field_id}_sv")
    page.locator(f'li[aria-controls="tab_{field_id}_fi"]').click()
    expect(fi_field).to_be_visible()
    expect(sv_field).to_be_hidden()
    fi_field.fill(fi)
    page.locator(f'li[aria-controls="tab_{field_id}_sv"]').click()
    expect(sv_field).to_be_visible()
    expect(fi_field).to_be_hidden()
    sv_field.fill(sv)


def save_and_return_to_the_list(page, live_server, model: str) -> None:
    page.locator('input[name="_save"]').click()
    page.wait_for_url(live_server.url + reverse(f"admin:barometer_{model}_changelist"))
    expect(page.locator(".messagelist .success")).to_be_visible()


def add_another(page, group: str, text: str):
    """Click the inline's "Add another ..." link and return it (it adds one empty form)."""
    link = page.locator(f"#{group}-group .add-row a")
    expect(link).to_have_text(text)
    link.click()
    return link


def test_communications_builds_a_round_in_the_browser(
    page, live_server, communications, browser_errors
):
    admin_log_in(page, live_server, communications, PASSWORD)

    # The survey and its section (the inline has no empty form until one is added).
    page.goto(live_server.url + reverse("admin:barometer_survey_add"))
    page.fill("#id_year", "2027")
    fill_in_both_languages(
        page, "id_title", "Kumppanuusbarometri 2027", "Partnerskapsbarometern 2027"
    )
    page.fill("#id_opens_at_0", "1.9.2027")
    page.fill("#id_opens_at_1", "08:00:00")
    page.fill("#id_closes_at_0", "31.10.2027")
    page.fill("#id_closes_at_1", "16:00:00")
    expect(page.locator("#id_sections-0-title_fi")).to_have_count(0)
    add_another(page, "sections", "Lisää toinen Osio")
    page.fill("#id_sections-0-position", "1")
    fill_in_both_languages(page, "id_sections-0-title", "Yhteistyö", "Samarbetet")
    save_and_return_to_the_list(page, live_server, "survey")
    expect(page.locator("#result_list")).to_contain_text("Kumppanuusbarometri 2027")
    survey = Survey.objects.get(year=2027)
    assert (survey.title_fi, survey.title_sv) == (
        "Kumppanuusbarometri 2027",
        "Partnerskapsbarometern 2027",
    )
    assert survey.opens_at < survey.closes_at
    section = survey.sections.get()
    assert (section.position, section.title_fi, section.title_sv) == (
        1,
        "Yhteistyö",
        "Samarbetet",
    )

    # A single choice question with two choices, added row by row.
    page.goto(live_server.url + reverse("admin:barometer_question_add"))
    page.locator("#id_section").select_option(label="Yhteistyö")
    page.fill("#id_position", "1")
    page.locator("#id_kind").select_option("single")
    fill_in_both_languages(
        page, "id_text", "Tunnetko kumppanuusohjelman?", "Känner du till partnerskapsprogrammet?"
    )
    for number, (fi, sv) in enumerate([("Kyllä", "Ja"), ("Ei", "Nej")]):
        add_another(page, "choices", "Lisää toinen Vaihtoehto")
        page.fill(f"#id_choices-{number}-position", str(number + 1))
        fill_in_both_languages(page, f"id_choices-{number}-text", fi, sv)
    save_and_return_to_the_list(page, live_server, "question")
    single = Question.objects.get(text_fi="Tunnetko kumppanuusohjelman?")
    assert (single.section, single.kind, single.text_sv) == (
        section,
        Question.Kind.SINGLE,
        "Känner du till partnerskapsprogrammet?",
    )
    assert [(c.position, c.text_fi, c.text_sv) for c in single.choices.all()] == [
        (1, "Kyllä", "Ja"),
        (2, "Ei", "Nej"),
    ]

    # A scale question with the labels of its ends.
    page.goto(live_server.url + reverse("admin:barometer_question_add"))
    page.locator("#id_section").select_option(label="Yhteistyö")
    page.fill("#id_position", "2")
    page.locator("#id_kind").select_option("likert")
    fill_in_both_languages(page, "id_text", "Ohjelma on hyödyllinen.", "Programmet är nyttigt.")
    fill_in_both_languages(page, "id_low_label", "Täysin eri mieltä", "Helt av annan åsikt")
    fill_in_both_languages(page, "id_high_label", "Täysin samaa mieltä", "Helt av samma åsikt")
    page.locator("#id_required").check()
    save_and_return_to_the_list(page, live_server, "question")
    likert = Question.objects.get(text_fi="Ohjelma on hyödyllinen.")
    assert (likert.kind, likert.required, likert.low_label_sv, likert.high_label_fi) == (
        Question.Kind.LIKERT,
        True,
        "Helt av annan åsikt",
        "Täysin samaa mieltä",
    )

    # A background question: its choices come from the response, none are added.
    page.goto(live_server.url + reverse("admin:barometer_question_add"))
    page.locator("#id_section").select_option(label="Yhteistyö")
    page.fill("#id_position", "3")
    page.locator("#id_kind").select_option("single")
    page.locator("#id_background").select_option("region")
    fill_in_both_languages(
        page, "id_text", "Millä alueella toimit?", "Inom vilket område verkar ni?"
    )
    save_and_return_to_the_list(page, live_server, "question")
    background = Question.objects.get(text_fi="Millä alueella toimit?")
    assert (background.kind, background.background) == (
        Question.Kind.SINGLE,
        Question.Background.REGION,
    )
    assert not background.choices.exists()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    assert list(
        survey.sections.get().questions.order_by("position").values_list("text_fi", flat=True)
    ) == ["Tunnetko kumppanuusohjelman?", "Ohjelma on hyödyllinen.", "Millä alueella toimit?"]
    browser_errors.assert_none()


def test_an_answered_question_is_locked_in_the_browser(
    page, live_server, communications, browser_errors
):
    question = question_make(survey_make(year=2025))
    answered(question)
    unanswered = question_make(survey_make(year=2026))
    with translation.override("fi"):
        locked_message = str(services.LOCKED_MESSAGE)
    admin_log_in(page, live_server, communications, PASSWORD)

    # An unanswered question: the kind is a field, choices can be added and deleted.
    page.goto(live_server.url + reverse("admin:barometer_question_change", args=[unanswered.pk]))
    expect(page.locator("#id_kind")).to_be_visible()
    expect(page.locator("#choices-group .add-row a")).to_be_visible()
    expect(page.locator('input[name="choices-0-DELETE"]')).to_have_count(1)
    expect(page.locator(".messagelist .warning")).to_have_count(0)

    # The answered one says why it is locked; its kind is text, no choice can come or go.
    url = live_server.url + reverse("admin:barometer_question_change", args=[question.pk])
    page.goto(url)
    expect(page.locator(".messagelist .warning")).to_have_text(locked_message)
    expect(page.locator("#id_kind")).to_have_count(0)
    expect(page.locator(".field-kind .readonly")).to_have_text("yksi vaihtoehto")
    # (Django's inline script builds the link but hides it: no more forms are allowed.)
    expect(page.locator("#choices-group .add-row a")).to_be_hidden()
    expect(page.locator('#choices-group input[name$="-DELETE"]')).to_have_count(0)
    expect(page.locator("#choices-group .inline-deletelink")).to_have_count(0)
    expect(page.locator(".submit-row .deletelink")).to_have_count(0)

    # The wording can still be corrected, a choice's included.
    fill_in_both_languages(page, "id_text", "Kuinka usein?", "Hur ofta, ungefär?")
    page.locator('li[aria-controls="tab_id_choices-0-text_sv"]').click()
    page.fill("#id_choices-0-text_sv", "Ofta (rättad)")
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(url)
    expect(page.locator(".messagelist .success")).to_be_visible()
    question.refresh_from_db()
    assert (question.kind, question.text_sv) == (Question.Kind.SINGLE, "Hur ofta, ungefär?")
    assert list(question.choices.values_list("text_sv", flat=True)) == ["Ofta (rättad)", "Sällan"]
    browser_errors.assert_none()


def test_communications_moderates_open_answers_in_the_browser(
    page, live_server, communications, browser_errors
):
    now = timezone.now()
    survey = survey_make(
        year=2024, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    question = question_make(survey, kind=Question.Kind.TEXT, text_fi="Terveiset ministeriölle")
    first = answered(question, text="Lisää alueellisia tapaamisia.")
    second = answered(question, text="Uutiskirje on hyödyllinen.")
    spam = answered(question, text="Osta halpoja kelloja!")
    with translation.override("fi"):
        results_url = live_server.url + reverse("barometer:results", kwargs={"year": 2024})
    assert results_url.endswith("/fi/barometri/2024/")

    # Nothing is public before moderation.
    page.goto(results_url)
    expect(page.locator("main")).to_contain_text("Avoimia vastauksia ei ole julkaistu.")
    expect(page.locator(".barometer-open li")).to_have_count(0)

    admin_log_in(page, live_server, communications, PASSWORD)
    changelist = live_server.url + reverse("admin:barometer_answer_changelist")
    page.goto(changelist)
    page.locator("#changelist-filter a", has_text="odottaa moderointia").click()
    page.wait_for_url("**moderation__exact=pending**")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)

    for answer in (first, second):
        page.locator(f'input[name="_selected_action"][value="{answer.pk}"]').check()
    page.locator('select[name="action"]').select_option("approve")
    expect(page.locator('select[name="action"] option:checked')).to_have_text(
        "Hyväksy julkaistavaksi"
    )
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist .success")).to_have_text("2 vastausta moderoitu.")
    # Back on the pending list: only the third one is left.
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text("Osta halpoja kelloja!")

    page.locator(f'input[name="_selected_action"][value="{spam.pk}"]').check()
    page.locator('select[name="action"]').select_option("reject")
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist .success")).to_have_text("1 vastaus moderoitu.")
    expect(page.locator("#result_list tbody tr")).to_have_count(0)

    for answer in (first, second, spam):
        answer.refresh_from_db()
    assert [first.moderation, second.moderation, spam.moderation] == [
        Answer.Moderation.APPROVED,
        Answer.Moderation.APPROVED,
        Answer.Moderation.REJECTED,
    ]
    assert all(answer.moderated_at for answer in (first, second, spam))

    # The approved answers are public on the closed round's results; the rejected is not.
    # Seen as the public sees it: signed out (a staff session bypasses the page cache).
    page.context.clear_cookies()
    page.goto(results_url)
    expect(page.locator(".barometer-open li")).to_have_text(
        ["Lisää alueellisia tapaamisia.", "Uutiskirje on hyödyllinen."]
    )
    expect(page.locator("main")).to_contain_text("2 vastausta on hyväksytty julkaistavaksi.")
    expect(page.locator("main")).not_to_contain_text("Osta halpoja kelloja!")
    browser_errors.assert_none()
