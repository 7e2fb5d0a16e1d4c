"""The government's integration measures in the admin, clicked through in the real browser:
Communications adds a government term and a measure in both languages (modeltranslation's
fi/sv tabs), records status changes in the measure's inline and on the status changes' own
page, sees the measure's status follow the latest change, and the public page shows the
timeline."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from audit.models import AuditEvent
from programmes.models import GovernmentTerm, Measure, MeasureStatusChange
from tests.browser.conftest import STAFF_PASSWORD, BrowserErrors, admin_log_in

PASSWORD = STAFF_PASSWORD


@pytest.fixture
def public(browser):
    """A second browser, signed out: the public's view (staff sessions bypass the page
    cache). Its console errors are checked like those of `page`."""
    context = browser.new_context(locale="fi-FI")
    public = context.new_page()
    public.errors = BrowserErrors()
    public.on("console", public.errors.on_console)
    public.on("pageerror", public.errors.on_page_error)
    yield public
    context.close()


def admin_url(live_server, name: str, *args) -> str:
    return live_server.url + reverse(f"admin:programmes_{name}", args=args)


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


def add_status_change(page, number: int, date: str, status: str, note_fi: str, note_sv: str):
    """One more row in the measure's status change inline, through "Add another"."""
    link = page.locator("#status_changes-group .add-row a")
    expect(link).to_have_text("Lisää toinen Tilamuutos")
    link.click()
    prefix = f"id_status_changes-{number}"
    page.fill(f"#{prefix}-date", date)
    page.locator(f"#{prefix}-status").select_option(status)
    fill_in_both_languages(page, f"{prefix}-note", note_fi, note_sv)


def test_communications_records_a_measure_and_its_timeline(
    page, public, live_server, communications, browser_errors
):
    admin_log_in(page, live_server, communications, PASSWORD)

    # The government term.
    page.goto(admin_url(live_server, "governmentterm_add"))
    fill_in_both_languages(page, "id_name", "Orpon hallitus", "Regeringen Orpo")
    page.fill("#id_prime_minister", "Petteri Orpo")
    page.fill("#id_starts_on", "20.6.2023")
    page.locator('input[name="_save"]').click()
    page.wait_for_url(admin_url(live_server, "governmentterm_changelist"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("Orpon hallitus")
    term = GovernmentTerm.objects.get()
    assert (term.name_fi, term.name_sv, term.prime_minister, str(term.starts_on)) == (
        "Orpon hallitus",
        "Regeringen Orpo",
        "Petteri Orpo",
        "2023-06-20",
    )

    # The measure in both languages, with its first status change in the inline.
    page.goto(admin_url(live_server, "measure_add"))
    page.locator("#id_term").select_option(label="Orpon hallitus")
    page.locator("#id_kind").select_option("legislation")
    fill_in_both_languages(
        page, "id_title", "Kotoutumislain uudistus", "Reformen av integrationslagen"
    )
    fill_in_both_languages(
        page,
        "id_summary",
        "Kotoutumisen edistäminen siirtyy kuntien tehtäväksi.",
        "Främjandet av integration blir en uppgift för kommunerna.",
    )
    fill_in_both_languages(
        page, "id_ministry", "Työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet"
    )
    expect(page.locator("#id_status_changes-0-date")).to_have_count(0)
    add_status_change(
        page, 0, "1.3.2024", "in_preparation", "Valmistelu alkoi.", "Beredningen inleddes."
    )
    page.locator('input[name="_save"]').click()
    page.wait_for_url(admin_url(live_server, "measure_changelist"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    row = page.locator("#result_list tbody tr", has_text="Kotoutumislain uudistus")
    expect(row).to_contain_text("valmistelussa")
    measure = Measure.objects.get()
    assert (measure.term, measure.kind, measure.title_sv, measure.ministry_sv) == (
        term,
        Measure.Kind.LEGISLATION,
        "Reformen av integrationslagen",
        "Arbets- och näringsministeriet",
    )
    assert measure.status == Measure.Status.IN_PREPARATION
    first = measure.status_changes.get()
    assert (str(first.date), first.note_fi, first.note_sv) == (
        "2024-03-01",
        "Valmistelu alkoi.",
        "Beredningen inleddes.",
    )

    # A later change in the inline: the read-only status follows it.
    change_url = admin_url(live_server, "measure_change", measure.pk)
    page.goto(change_url)
    status = page.locator(".field-status .readonly")
    expect(status).to_have_text("valmistelussa")
    expect(page.locator("#id_status")).to_have_count(0)
    add_status_change(
        page,
        1,
        "15.5.2025",
        "submitted",
        "Hallituksen esitys annettiin eduskunnalle.",
        "Regeringens proposition överlämnades till riksdagen.",
    )
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(change_url)
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(status).to_have_text("annettu eduskunnalle")
    measure.refresh_from_db()
    assert measure.status == Measure.Status.SUBMITTED
    assert measure.status_changes.count() == 2

    # The public, signed out in a browser of its own, sees the page (its short address
    # redirects to the one with the slug) with the two steps so far.
    with translation.override("fi"):
        public_fi = live_server.url + reverse("measures:detail", kwargs={"pk": measure.pk})
    assert public_fi.endswith(f"/fi/toimenpiteet/{measure.pk}/")
    response = public.goto(public_fi)
    assert response is not None and response.status == 200
    assert public.url != public_fi and public.url.startswith(public_fi.removesuffix("/"))
    expect(public.locator("main .facts .badge")).to_have_text("Annettu eduskunnalle")
    expect(public.locator("main .measure-timeline > li")).to_have_count(2)

    # The status changes' own page: the measure is picked by name (autocomplete).
    page.goto(admin_url(live_server, "measurestatuschange_add"))
    page.locator(".field-measure .select2-selection").click()
    search = page.locator(".select2-search__field")
    expect(search).to_be_focused()
    search.type("uudistus")
    option = page.locator(".select2-results__option", has_text="Kotoutumislain uudistus")
    expect(option).to_be_visible()
    option.click()
    expect(page.locator(".field-measure .select2-selection__rendered")).to_contain_text(
        "Kotoutumislain uudistus"
    )
    page.fill("#id_date", "1.10.2026")
    page.locator("#id_status").select_option("in_force")
    fill_in_both_languages(page, "id_note", "Laki tuli voimaan.", "Lagen trädde i kraft.")
    page.locator('input[name="_save"]').click()
    page.wait_for_url(admin_url(live_server, "measurestatuschange_changelist"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_FORCE
    assert list(
        MeasureStatusChange.objects.filter(measure=measure).values_list("status", flat=True)
    ) == ["in_preparation", "submitted", "in_force"]
    assert list(
        AuditEvent.objects.filter(action=AuditEvent.Action.STATUS_CHANGED)
        .order_by("pk")
        .values_list("after", flat=True)
    )[-3:] == [{"status": "in_preparation"}, {"status": "submitted"}, {"status": "in_force"}]
    page.goto(change_url)
    expect(status).to_have_text("voimassa")

    # The public page follows (the page cache is no older than the latest change).
    public.reload()
    expect(public.locator("h1")).to_have_text("Kotoutumislain uudistus")
    expect(public.locator("main .facts .badge")).to_have_text("Voimassa")
    steps = public.locator("main .measure-timeline > li")
    expect(steps.locator("h3")).to_have_text(
        [
            "1.3.2024: Valmistelussa",
            "15.5.2025: Annettu eduskunnalle",
            "1.10.2026: Voimassa",
        ]
    )
    assert [steps.nth(n).locator("time").get_attribute("datetime") for n in range(3)] == [
        "2024-03-01",
        "2025-05-15",
        "2026-10-01",
    ]
    expect(steps.nth(0)).to_contain_text("Valmistelu alkoi.")
    expect(steps.nth(2)).to_contain_text("Laki tuli voimaan.")

    # And in Swedish.
    with translation.override("sv"):
        public_sv = live_server.url + measure.get_absolute_url()
    public.goto(public_sv)
    expect(public.locator("h1")).to_have_text("Reformen av integrationslagen")
    expect(public.locator("main .measure-timeline > li").nth(1)).to_contain_text(
        "Regeringens proposition överlämnades till riksdagen."
    )
    browser_errors.assert_none()
    public.errors.assert_none()
