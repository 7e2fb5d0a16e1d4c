"""The audit log in a real browser: a curator (past the authenticator code) filters the log
by action and opens the pledge whose history it shows; axe-core on both pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from audit.models import AuditEvent
from audit.services import audit_record
from pledges import services
from pledges.models import Entry
from portal.roles import CURATORS, roles_sync
from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device
from tests.pledges.factories import PledgeFactory

PASSWORD = "kumppanuus-Salasana-2024!"
S = Entry.Status


@pytest.fixture
def curator(django_user_model, live_server):
    roles_sync()  # the groups are re-made since a flush removes them
    user = django_user_model.objects.create_user(
        username="kuraattori", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=CURATORS))
    totp_device(user)
    return user


@pytest.fixture
def history(curator, themes):
    pledge = PledgeFactory(status=S.SUBMITTED, published_at=None, title_fi="Kielikahvila")
    audit_record(
        action=AuditEvent.Action.SUBMITTED,
        obj=pledge,
        actor_label="submitter",
        after={"status": S.SUBMITTED},
    )
    services.entry_return_to_review(entry=pledge, by=curator)
    services.entry_publish(entry=pledge, by=curator)
    other = PledgeFactory(status=S.IN_REVIEW, title_fi="Toinen lupaus")
    services.entry_reject(entry=other, by=curator, note="Ei kotoutumisesta")
    return pledge


def no_violations(page, axe) -> None:
    violations = axe(page)
    assert not violations, f"axe-core found violations on {page.url}:\n{axe.report(violations)}"


def test_curator_filters_the_log_and_opens_the_pledges_history(
    page, live_server, curator, history, axe, browser_errors
):
    admin_log_in(page, live_server, curator, PASSWORD)
    page.goto(live_server.url + reverse("admin:audit_auditevent_changelist"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(4)
    no_violations(page, axe)

    page.locator("#changelist-filter a", has_text="julkaistu").first.click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kielikahvila")
    expect(rows.first).to_contain_text("tila: käsittelyssä → julkaistu")
    expect(rows.first).to_contain_text("kuraattori")

    page.goto(live_server.url + reverse("admin:pledges_pledge_change", args=[history.pk]))
    panel = page.locator(".inline-group", has_text="Tapahtumahistoria")
    expect(panel).to_be_visible()
    panel_rows = panel.locator("tbody tr.form-row, tbody tr.has_original")
    expect(panel_rows).to_have_count(3)
    expect(panel_rows.nth(0)).to_contain_text("lähettäjä")
    expect(panel_rows.nth(1)).to_contain_text("siirretty käsittelyyn")
    expect(panel_rows.nth(2)).to_contain_text("tila: käsittelyssä → julkaistu")
    expect(panel).not_to_contain_text("Ei kotoutumisesta")  # the other pledge's event
    no_violations(page, axe)
    browser_errors.assert_none()
