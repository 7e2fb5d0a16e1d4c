"""The review flow in a real browser: a curator logs in with an authenticator code,
filters the queue, publishes a submission and finds it on the public page; a translator
gets no way to publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from pledges.models import Entry, StatusChange
from portal.roles import CURATORS, TRANSLATORS, roles_sync
from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device
from tests.pledges.factories import PledgeFactory

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
    expect(page.locator(".messagelist")).to_contain_text("1 julkaistu.")

    queue.refresh_from_db()
    assert queue.status == S.PUBLISHED
    assert StatusChange.objects.get(pledge=queue, to_status=S.PUBLISHED).changed_by == curator

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
    page.locator('a[href="#tab_id_title_sv"]').click()
    page.fill("#id_title_sv", "Språkkafé på biblioteket")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    queue.refresh_from_db()
    assert queue.title_sv == "Språkkafé på biblioteket"
    assert queue.status == S.SUBMITTED
    browser_errors.assert_none()
