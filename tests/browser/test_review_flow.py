"""The review flow in a real browser: a curator logs in with an authenticator code,
filters the queue, publishes a submission and finds it on the public page; a translator
gets no way to publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from audit.models import AuditEvent
from audit.selectors import audit_history
from pledges.models import Entry
from portal.roles import CURATORS, TRANSLATORS, roles_sync
from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device
from tests.pledges.factories import InitiativeFactory, PledgeFactory

PASSWORD = "kumppanuus-Salasana-2024!"
S = Entry.Status


@pytest.fixture
def staff_member(django_user_model, live_server):
    """A staff account in one role; the groups are re-made since a flush removes them."""
    roles_sync()

    def make(role: str):
        user = django_user_model.objects.create_user(
            username=f"{role.lower()}-1", password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        totp_device(user)
        return user

    return make


@pytest.fixture
def queue(themes):
    waiting = PledgeFactory(
        status=S.SUBMITTED,
        published_at=None,
        title_fi="Kielikahvila kirjastossa",
        text_fi="Järjestämme kielikahvilan joka tiistai.",
        themes=themes[:1],
    )
    PledgeFactory(status=S.PUBLISHED, title_fi="Jo julkaistu lupaus", themes=themes[:1])
    return waiting


def test_curator_filters_the_queue_publishes_and_sees_it_public(
    page, live_server, staff_member, queue, browser_errors
):
    curator = staff_member(CURATORS)
    with translation.override("fi"):
        public_url = live_server.url + queue.get_absolute_url()
    browser_errors.expect_error_status(public_url)
    assert page.goto(public_url).status == 404  # not public before it is published

    admin_log_in(page, live_server, curator, PASSWORD)
    queue_link = page.locator("#review-queue a", has_text="lupaukset")
    expect(queue_link).to_contain_text("1 odottaa tarkastusta")
    queue_link.click()

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kielikahvila kirjastossa")
    rows.first.locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index], .actions button[type=submit]").first.click()
    # A confirmation page first (nothing is published yet), then the confirm button.
    expect(page.locator("h1")).to_have_text("Julkaise valitut")
    expect(page.locator("#content-main li")).to_have_text(["Kielikahvila kirjastossa"])
    queue.refresh_from_db()
    assert queue.status == S.SUBMITTED
    page.get_by_role("button", name="Kyllä, julkaise").click()
    expect(page.locator(".messagelist")).to_contain_text("1 julkaistu.")

    queue.refresh_from_db()
    assert queue.status == S.PUBLISHED
    assert audit_history(queue).get(action=AuditEvent.Action.PUBLISHED).actor == curator

    page.goto(public_url)
    expect(page.locator("h1")).to_have_text("Kielikahvila kirjastossa")
    browser_errors.assert_none()


def test_translator_cannot_publish_but_can_translate(
    page, live_server, staff_member, queue, browser_errors
):
    translator = staff_member(TRANSLATORS)
    admin_log_in(page, live_server, translator, PASSWORD)
    # No review queue for a translator, and no actions on the list.
    expect(page.locator("#review-queue a", has_text="lupaukset")).to_have_count(0)
    page.goto(live_server.url + reverse("admin:pledges_pledge_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    expect(page.locator("select[name=action]")).to_have_count(0)

    page.goto(live_server.url + reverse("admin:pledges_pledge_change", args=[queue.pk]))
    expect(page.locator("select[name=status]")).to_have_count(0)
    page.locator('li[aria-controls="tab_id_title_sv"]').click()
    page.fill("#id_title_sv", "Språkkafé på biblioteket")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    queue.refresh_from_db()
    assert queue.title_sv == "Språkkafé på biblioteket"
    assert queue.status == S.SUBMITTED
    browser_errors.assert_none()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_curator_cancels_publishing_on_the_confirmation_page(
    page, live_server, staff_member, queue, axe, browser_errors, lang
):
    curator = staff_member(CURATORS)
    other = PledgeFactory(status=S.IN_REVIEW, published_at=None, title_fi="Toinen odottaja")
    admin_log_in(page, live_server, curator, PASSWORD)
    if lang == "sv":  # the admin follows the language chosen in it
        page.context.add_cookies(
            [{"name": "django_language", "value": "sv", "url": live_server.url}]
        )
    list_url = live_server.url + reverse("admin:pledges_pledge_changelist") + "?queue=waiting"
    page.goto(list_url)
    for entry in (queue, other):
        page.locator(f"input.action-select[value='{entry.pk}']").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index], .actions button[type=submit]").first.click()

    names = {
        "fi": ("Kyllä, julkaise", "Ei, mennään takaisin"),
        "sv": ("Ja, publicera", "Nej, ta mig tillbaka"),
    }
    confirm, cancel = names[lang]
    expect(page.get_by_role("button", name=confirm)).to_be_visible()
    expect(page.locator("#content-main li")).to_have_count(2)
    violations = axe(page)
    assert not violations, axe.report(violations)

    page.get_by_role("link", name=cancel).click()
    page.wait_for_url(list_url)
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    for entry in (queue, other):
        entry.refresh_from_db()
        assert entry.status in (S.SUBMITTED, S.IN_REVIEW)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED).exists()
    browser_errors.assert_none()


def test_the_review_list_fits_a_1280_pixel_screen(page, live_server, staff_member, themes):
    """Long titles and organisation names wrap; no column makes the page scroll sideways."""
    curator = staff_member(CURATORS)
    for n in range(5):
        PledgeFactory(
            status=S.SUBMITTED,
            published_at=None,
            title_fi=f"Kielikahvila ja läksykerho kirjastossa maahan muuttaneille perheille {n}",
            submission__organisation__name="Pohjois-Pohjanmaan monikulttuurinen yhdistys ry",
        )
        InitiativeFactory(
            status=S.SUBMITTED,
            published_at=None,
            title_fi=f"Yhteinen mentorointiohjelma vastavalmistuneille maahan muuttaneille {n}",
            submission__organisation__name="Varsinais-Suomen elinkeinoelämän kehittämisyhdistys",
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_log_in(page, live_server, curator, PASSWORD)
    for model in ("pledge", "initiative"):
        page.goto(live_server.url + reverse(f"admin:pledges_{model}_changelist"))
        expect(page.locator("#result_list")).to_be_visible()
        # Django lets the table scroll inside its own box (.results): measure both.
        widths = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth,
                table: document.querySelector('#result_list').scrollWidth,
                box: document.querySelector('#changelist .results').clientWidth,
                boxScroll: document.querySelector('#changelist .results').scrollWidth,
            })"""
        )
        assert widths["page"] <= 1280, f"{model} page: {widths}"
        assert widths["boxScroll"] <= widths["box"], f"{model} list scrolls sideways: {widths}"
