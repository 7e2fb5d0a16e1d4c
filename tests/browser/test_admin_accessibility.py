"""The admin in a real browser, in Finnish and Swedish (issue 9, items 15 and 16).

axe-core (WCAG 2.0/2.1 A and AA, and WCAG 2.2's target size) finds no violation on the
admin pages staff use, and the widgets built by JavaScript (the date picker, the
filter_horizontal selector, modeltranslation's language tabs) speak the page's language.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent
from audit.services import audit_record
from pledges.models import Entry
from tests.barometer.test_models import answered, question_make, survey_make
from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device
from tests.events.factories import EventFactory
from tests.mailings.factories import NewsletterFactory
from tests.pledges.factories import InitiativeFactory, OrganisationFactory, PledgeFactory

PASSWORD = "kumppanuus-Salasana-2024!"
OUR_APPS = set(settings.PROJECT_APPS)
LOCALES = {"fi": "fi-FI", "sv": "sv-FI"}
# English the fi/sv admin showed in its JavaScript widgets before.
ENGLISH = [
    "Today",
    "Now",
    "Choose a time",
    "Midnight",
    "Noon",
    "6 a.m.",
    "Calendar",
    "Clock",
    "by selecting them",
    "Choose all",
    "Remove all",
    "Filter",
    "Cancel",
]


@pytest.fixture
def superuser(django_user_model, live_server):
    user = django_user_model.objects.create_superuser(
        username="yllapitaja", email="yllapitaja@example.fi", password=PASSWORD
    )
    totp_device(user)
    return user


@pytest.fixture
def content(programme, themes):
    """One object of each main model, so every change form can be opened."""
    from news.models import NewsItem

    pledge = PledgeFactory(status=Entry.Status.SUBMITTED)
    pledge.themes.add(themes[0])
    # Its audit history panel, and an event for the audit log's own pages.
    submitted = audit_record(
        action=AuditEvent.Action.SUBMITTED, obj=pledge, after={"status": Entry.Status.SUBMITTED}
    )
    question = question_make(survey_make())
    answered(question)
    news = NewsItem.objects.create(
        title_fi="Uutinen", title_sv="Nyhet", published_fi=timezone.now()
    )
    return {
        "pledges.pledge": pledge,
        "pledges.initiative": InitiativeFactory(),
        "pledges.organisation": OrganisationFactory(),
        "events.event": EventFactory(),
        "news.newsitem": news,
        "mailings.newsletter": NewsletterFactory(),
        "themes.theme": themes[0],
        "programmes.programme": programme,
        "audit.auditevent": submitted,
        # Answered: the survey page shows its counts, the question page its lock.
        "barometer.survey": question.section.survey,
        "barometer.question": question,
    }


def admin_pages(content) -> list[str]:
    pages = [reverse("admin:index"), reverse("admin:translation_parity")]
    for model in admin.site._registry:
        if model._meta.app_label in OUR_APPS:
            pages.append(
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            )
    for label, obj in content.items():
        app_label, model_name = label.split(".")
        pages.append(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    pledge = content["pledges.pledge"]
    pages.append(reverse("admin:pledges_pledge_history", args=[pledge.pk]))
    return pages


def violations(page, axe) -> list[dict]:
    """axe's WCAG 2.0/2.1 A and AA rules, plus WCAG 2.2's target size (2.5.8)."""
    found = axe(page)
    found += page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}})"
        ".then(result => result.violations)"
    )
    return found


def new_page(browser, live_server, language):
    context = browser.new_context(
        locale=LOCALES[language], viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    return context, context.new_page()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_admin_pages_pass_axe(browser, live_server, superuser, content, axe, language):
    assert apps.is_installed("axes")
    context, page = new_page(browser, live_server, language)
    failures = []
    page.goto(live_server.url + reverse("admin:login"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    if found := violations(page, axe):
        failures.append(f"{page.url}\n{axe.report(found)}")
    admin_log_in(page, live_server, superuser, PASSWORD)
    for path in admin_pages(content):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        if found := violations(page, axe):
            failures.append(f"{path}\n{axe.report(found)}")
    # The review confirmation page: choose a review action for the pledge and run it.
    page.goto(live_server.url + reverse("admin:pledges_pledge_changelist"))
    page.locator(f'input[name="_selected_action"][value="{content["pledges.pledge"].pk}"]').check()
    actions = page.locator('select[name="action"] option')
    for value in actions.evaluate_all("options => options.map(o => o.value)"):
        if value.startswith("publish") or value.startswith("reject"):
            page.select_option('select[name="action"]', value)
            page.locator('button[name="index"], button.button[type="submit"]').first.click()
            page.wait_for_load_state("load")
            expect(page.locator("html")).to_have_attribute("lang", language)
            if found := violations(page, axe):
                failures.append(f"{value} confirmation\n{axe.report(found)}")
            page.go_back()
            page.locator(
                f'input[name="_selected_action"][value="{content["pledges.pledge"].pk}"]'
            ).check()
    context.close()
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", ["Tänään", "Nyt", "Valitse kellonaika", "Keskiyö", "Keskipäivä"]),
        ("sv", ["I dag", "Nu", "Välj en tidpunkt", "Midnatt"]),
    ],
)
def test_date_picker_and_selector_speak_the_admin_language(
    browser, live_server, superuser, content, language, words
):
    context, page = new_page(browser, live_server, language)
    admin_log_in(page, live_server, superuser, PASSWORD)

    page.goto(
        live_server.url + reverse("admin:events_event_change", args=[content["events.event"].pk])
    )
    shortcuts = page.locator(".field-starts_at .datetimeshortcuts").first
    expect(shortcuts).to_be_visible()
    page.locator(".field-starts_at button[id^=clocklink]").first.click()
    expect(page.locator(".clockbox:visible")).to_have_count(1)
    clock = page.locator(".clockbox:visible").inner_text()
    page.keyboard.press("Escape")
    page.locator(".field-starts_at button[id^=calendarlink]").first.click()
    expect(page.locator(".calendarbox:visible")).to_have_count(1)
    calendar = page.locator(".calendarbox:visible").inner_text()
    labels = page.locator(
        ".datetimeshortcuts [aria-label], .datetimeshortcuts [title]"
    ).evaluate_all(
        "nodes => nodes.map(n => (n.title || '') + ' ' + (n.getAttribute('aria-label') || ''))"
    )
    text = " ".join([page.locator("#content").inner_text(), clock, calendar, *labels])
    for word in words:
        assert word in text, word

    page.goto(
        live_server.url
        + reverse("admin:pledges_pledge_change", args=[content["pledges.pledge"].pk])
    )
    expect(page.locator(".selector").first).to_be_visible()
    selector = page.locator(".selector").first
    text += " " + selector.inner_text()
    text += " " + " ".join(
        selector.locator("[title], [aria-label]").evaluate_all(
            "nodes => nodes.map(n => (n.title || '') + ' ' + (n.getAttribute('aria-label') || ''))"
        )
    )
    found = [word for word in ENGLISH if f" {word}" in f" {text}"]
    assert not found, f"English in the {language} admin widgets: {found}"
    # The translated-field tabs still switch after the accessibility repair.
    sv_tab = page.locator('li[aria-controls="tab_id_title_sv"]')
    sv_tab.click()
    expect(page.locator("#id_title_sv")).to_be_visible()
    expect(page.locator("#id_title_fi")).to_be_hidden()
    context.close()
