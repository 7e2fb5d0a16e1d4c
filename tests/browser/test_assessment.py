"""A juror in a real browser: TOTP login, the conflict declaration, the scores; axe."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from assessments import services
from assessments.models import ConflictDeclaration, Score
from portal.roles import JURY, roles_sync
from tests.assessments.factories import CriterionFactory, RubricFactory
from tests.browser.conftest import admin_log_in
from tests.conftest import totp_device
from tests.pledges.factories import PledgeFactory

PASSWORD = "Tuomaristo-Salasana-2026!"


@pytest.fixture
def juror(django_user_model, live_server):
    roles_sync()  # the live server's database is flushed between tests
    user = django_user_model.objects.create_user(
        username="tuomari", email="tuomari@example.fi", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=JURY))
    totp_device(user)
    return user


@pytest.fixture
def shortlisting(live_server):
    rubric = RubricFactory()
    CriterionFactory(rubric=rubric, position=1, weight=Decimal("2"))
    CriterionFactory(rubric=rubric, position=2, weight=Decimal("1"))
    pledge = PledgeFactory(
        submission__campaign=rubric.campaign, title_sv="Vi ordnar ett språkcafé", text_sv="Text."
    )
    return services.shortlist_add(entry=pledge, by=None)[0]


def assert_no_axe_violations(axe, page) -> None:
    violations = axe(page)
    assert not violations, axe.report(violations)


def test_juror_declares_no_conflict_and_scores(
    page, live_server, juror, shortlisting, axe, browser_errors
):
    admin_log_in(page, live_server, juror, PASSWORD)
    page.goto(live_server.url + reverse("admin:assessments_shortlisting_changelist"))
    page.locator(
        f'a[href="{reverse("admin:assessments_shortlisting_score", args=[shortlisting.pk])}"]'
    ).click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("Vi ordnar ett språkcafé")).to_be_visible()
    assert_no_axe_violations(axe, page)

    # The conflict question has no preselected answer: sent unanswered, it says so.
    expect(page.locator('input[name="has_conflict"]:checked')).to_have_count(0)
    browser_errors.expect_error_status(page.url)  # the form with errors answers 400
    page.locator('input[name="declare"][type="submit"]').first.click()
    expect(page.locator(".errornote[role=alert]")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text(
        "Vastaa, oletko esteellinen arvioimaan tätä lupausta tai aloitetta."
    )
    assert not ConflictDeclaration.objects.exists()

    page.check('input[name="has_conflict"][value="no"]')
    page.locator('input[name="declare"][type="submit"]').first.click()
    expect(page.locator('input[name="score"]')).to_be_visible()
    assert ConflictDeclaration.objects.get(juror=juror).has_conflict is False

    criteria = list(shortlisting.campaign.rubric.criteria.order_by("position"))
    # An incomplete form first: the error summary and the field errors (answered 400).
    browser_errors.expect_error_status(page.url)
    page.check(f'input[name="value_{criteria[0].pk}"][value="4"]')
    page.locator('input[name="score"]').click()
    expect(page.locator(".errornote[role=alert]")).to_be_visible()
    assert_no_axe_violations(axe, page)
    assert not Score.objects.exists()

    page.check(f'input[name="value_{criteria[0].pk}"][value="4"]')
    page.check(f'input[name="value_{criteria[1].pk}"][value="3"]')
    page.fill(f"#id_comment_{criteria[0].pk}", "Selkeä tavoite.")
    page.locator('input[name="score"]').click()
    expect(page.locator(".messagelist")).to_be_visible()
    values = dict(Score.objects.filter(juror=juror).values_list("criterion_id", "value"))
    assert values == {criteria[0].pk: 4, criteria[1].pk: 3}
    assert_no_axe_violations(axe, page)
    browser_errors.assert_none()


def test_the_ranking_page_has_no_axe_violations(
    page, live_server, django_user_model, shortlisting, axe, browser_errors
):
    roles_sync()
    curator = django_user_model.objects.create_user(
        username="kuraattori", password=PASSWORD, is_staff=True
    )
    curator.groups.add(Group.objects.get(name="Curators"))
    totp_device(curator)
    admin_log_in(page, live_server, curator, PASSWORD)
    url = reverse("admin:assessments_shortlisting_ranking", args=[shortlisting.campaign_id])
    page.goto(live_server.url + url)
    expect(page.locator("#result_list")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.locator("#result_list button").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    shortlisting.refresh_from_db()
    assert shortlisting.stage == "selected"
    assert_no_axe_violations(axe, page)
    browser_errors.assert_none()
