"""Progress reports of pledges: indicators, reports, review, reminders, public pages.

Reminders are checked over a simulated year (time-machine), with the beat job's body run
twice a day, and the mails read as they came over SMTP. Report links are refused when
tampered with, expired or used for another pledge; a report is never public before review.
"""

import email.policy
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import feedparser
import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.signing import BadToken
from mailings.models import Delivery
from pledges.models import Entry, Indicator, Pledge, ProgressReport, ReportReminder
from pledges.progress import ProgressStatus
from pledges.progress_services import (
    REPORT_LINK,
    IndicatorData,
    ReportRefused,
    add_months,
    indicators_set,
    period_due,
    period_end,
    reminders_send,
    report_publish,
    report_return,
    report_submit,
)
from pledges.selectors import progress_figures, progress_reports_public
from pledges.services import STATUS_LINK
from pledges.tasks import progress_reminders_task
from tests.pledges.factories import PledgeFactory, SubmissionFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
LANGS = ["fi", "sv"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def reporting_pledge(*, language="fi", interval=3, starts=date(2026, 1, 1), **kwargs) -> Pledge:
    submission = SubmissionFactory(language=language)
    pledge = PledgeFactory(
        submission=submission,
        original_language=language,
        report_interval_months=interval,
        reporting_starts_on=starts,
        **kwargs,
    )
    Indicator.objects.create(
        pledge=pledge,
        name="Osallistujat",
        name_fi="Osallistujat",
        name_sv="Deltagare",
        unit="hlö",
        baseline=Decimal("10"),
        target=Decimal("100"),
        target_date=date(2027, 1, 1),
    )
    return pledge


def submit(pledge: Pledge, period: int = 1, *, status="on_track", values=None, **texts):
    texts = texts or {"text_fi": "Hyvin menee."}
    indicator = pledge.indicators.first()
    return report_submit(
        token=REPORT_LINK.make(pledge.pk, period),
        pk=pledge.pk,
        status=status,
        values=values if values is not None else {indicator.pk: Decimal("40.5")},
        language="fi",
        **texts,
    )


# Periods ------------------------------------------------------------------------------


def test_periods_end_after_each_interval():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    pledge = Pledge(report_interval_months=6, reporting_starts_on=date(2026, 1, 1))
    assert period_end(pledge, 1) == date(2026, 7, 1)
    assert period_due(pledge, date(2026, 6, 30)) == 0
    assert period_due(pledge, date(2026, 7, 1)) == 1
    assert period_due(pledge, date(2027, 1, 1)) == 2
    assert period_due(Pledge(), date(2030, 1, 1)) == 0


# Indicators ---------------------------------------------------------------------------


def test_indicators_set_creates_changes_and_removes():
    pledge = PledgeFactory()
    data = IndicatorData(
        name_fi="Tapahtumat", name_sv="Evenemang", unit="", baseline=Decimal(0), target=Decimal(12)
    )
    [first] = indicators_set(pledge=pledge, report_interval_months=6, indicators=[data])
    pledge.refresh_from_db()
    assert pledge.report_interval_months == 6
    assert pledge.reporting_starts_on == timezone.localdate()
    changed = IndicatorData(**{**data.__dict__, "id": first.pk, "target": Decimal(20)})
    new = IndicatorData(
        name_fi="", name_sv="Deltagare", unit="st.", baseline=Decimal(1), target=Decimal(2)
    )
    indicators_set(pledge=pledge, report_interval_months=6, indicators=[new, changed])
    names = list(pledge.indicators.values_list("name_sv", "target", "position"))
    assert names == [("Deltagare", Decimal(2), 0), ("Evenemang", Decimal(20), 1)]
    indicators_set(pledge=pledge, report_interval_months=None, indicators=[])
    assert not pledge.indicators.exists()


def test_indicators_refuse_other_pledges_and_reported_ones():
    pledge = reporting_pledge()
    other = reporting_pledge()
    foreign = other.indicators.first()
    data = IndicatorData(
        id=foreign.pk, name_fi="X", name_sv="", unit="", baseline=Decimal(0), target=Decimal(1)
    )
    with pytest.raises(ReportRefused):
        indicators_set(pledge=pledge, report_interval_months=3, indicators=[data])
    with time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=HELSINKI)):
        submit(pledge)
    with pytest.raises(ReportRefused):
        indicators_set(pledge=pledge, report_interval_months=3, indicators=[])
    assert pledge.indicators.count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_page_through_the_status_link(client, lang):
    pledge = PledgeFactory(submission=SubmissionFactory(language=lang), status="submitted")
    token = STATUS_LINK.make(pledge.submission_id)
    status_page = client.get(url("participate:status", lang, token=token))
    page_url = url("participate:indicators", lang, token=token, pk=pledge.pk)
    assert page_url in status_page.content.decode()
    assert client.get(page_url).status_code == 200
    data = {
        "report_interval_months": "6",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name_fi": "Kävijät",
        "indicators-0-name_sv": "Besökare",
        "indicators-0-unit": "",
        "indicators-0-baseline": "0",
        "indicators-0-target": "1500,5",
        "indicators-0-target_date": "2027-06-30",
    }
    response = client.post(page_url, data)
    assert response.status_code == 302
    indicator = pledge.indicators.get()
    assert (indicator.name_sv, indicator.target) == ("Besökare", Decimal("1500.5"))
    # Errors in the page's language, never a 500.
    bad = {**data, "indicators-0-name_fi": "", "indicators-0-name_sv": "", "indicators-0-id": "x"}
    bad["indicators-0-target"] = "lots"
    response = client.post(page_url, bad)
    assert response.status_code == 200
    with translation.override(lang):
        assert gettext("Please correct the following") in response.content.decode()
    # Another submission's link does not open this pledge.
    other_token = STATUS_LINK.make(SubmissionFactory().pk)
    assert (
        client.get(url("participate:indicators", lang, token=other_token, pk=pledge.pk)).status_code
        == 404
    )
    assert client.get(page_url.replace(token, token + "x")).status_code == 404


# Report links -------------------------------------------------------------------------


def send(token: str, pk: int) -> ProgressReport:
    return report_submit(
        token=token, pk=pk, status="on_track", values={}, language="fi", text_fi="x"
    )


def test_report_link_refused_when_tampered_expired_or_for_another_pledge(client):
    with time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=HELSINKI), tick=False):
        pledge = reporting_pledge()
        other = reporting_pledge()
        token = REPORT_LINK.make(pledge.pk, 1)
        assert (
            client.get(url("participate:report", "fi", pk=pledge.pk, token=token)).status_code
            == 200
        )
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        for bad_pk, bad_token in [
            (pledge.pk, tampered),
            (other.pk, token),  # used for another pledge
            (pledge.pk, REPORT_LINK.make(other.pk, 1)),
            (pledge.pk, STATUS_LINK.make(pledge.submission_id)),  # another purpose
            (pledge.pk, REPORT_LINK.make(pledge.pk, 0)),
        ]:
            response = client.get(url("participate:report", "fi", pk=bad_pk, token=bad_token))
            assert response.status_code == 404
            with pytest.raises(BadToken):
                send(bad_token, bad_pk)
    with time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=HELSINKI) + timedelta(days=181)):
        response = client.get(url("participate:report", "fi", pk=pledge.pk, token=token))
        assert response.status_code == 404
        with pytest.raises(BadToken):
            send(token, pledge.pk)
    assert not ProgressReport.objects.exists()


def test_a_period_is_reported_once_and_values_belong_to_the_pledge():
    pledge = reporting_pledge()
    other = reporting_pledge()
    with pytest.raises(ReportRefused):
        submit(pledge, values={other.indicators.first().pk: Decimal(1)})
    with pytest.raises(ReportRefused):
        submit(pledge, text_fi=" ", text_sv="")
    report = submit(pledge)
    with pytest.raises(ReportRefused):
        submit(pledge)
    report_return(report=report, by=None, message="Lisää luvut.")
    # A returned report may be followed by a new one.
    submit(pledge, text_sv="Det går bra.")
    assert ProgressReport.objects.filter(pledge=pledge).count() == 2


@pytest.mark.parametrize("lang", LANGS)
def test_report_form_in_both_languages(client, lang):
    pledge = reporting_pledge(language=lang)
    indicator = pledge.indicators.get()
    page = url("participate:report", lang, pk=pledge.pk, token=REPORT_LINK.make(pledge.pk, 1))
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Osallistujat" in html or "Deltagare" in html
    # Errors in the reader's language, with a summary; never a 500.
    response = client.post(page, {"status": "sideways", f"value_{indicator.pk}": "ten"})
    assert response.status_code == 200
    with translation.override(lang):
        assert (
            gettext("Write the report in Finnish, in Swedish or in both.")
            in response.content.decode()
        )
    response = client.post(
        page,
        {
            "status": "delayed",
            "text_fi": "",
            "text_sv": "Vi har haft färre deltagare än väntat.",
            "link": "example.fi/nyheter",
            f"value_{indicator.pk}": "35,5",
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.status, report.text_sv, report.review) == (
        "delayed",
        report.text_sv,
        "submitted",
    )
    assert report.link == "https://example.fi/nyheter"
    assert report.values.get().value == Decimal("35.5")
    # The same link now thanks, and never takes a second report.
    response = client.get(page)
    with translation.override(lang):
        assert gettext("Thank you for your report") in response.content.decode()
    assert client.post(page, {"status": "on_track", "text_fi": "x"}).status_code == 200
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"status": "on_track", "text_fi": "x" * 6000},
        {"status": ["a", "b"], "text_fi": "\x00"},
        {"status": "on_track", "text_fi": "ok", "link": "javascript:alert(1)"},
        {"status": "on_track", "text_fi": "ok", "value_1": "1e400"},
        {"status": "on_track", "text_fi": "ok", "value_999999": "NaN"},
    ],
)
def test_hostile_report_input_never_500(client, data):
    pledge = reporting_pledge()
    indicator = pledge.indicators.get()
    data = {k.replace("value_1", f"value_{indicator.pk}"): v for k, v in data.items()}
    page = url("participate:report", "fi", pk=pledge.pk, token=REPORT_LINK.make(pledge.pk, 1))
    assert client.post(page, data).status_code in (200, 302)
    for odd in ["x", "1:2:3", "a" * 500]:
        assert (
            client.get(url("participate:report", "fi", pk=pledge.pk, token=odd)).status_code == 404
        )


# Review and public pages ---------------------------------------------------------------


def test_a_report_is_never_public_before_review(client):
    pledge = reporting_pledge(title_fi="Kielikahvila", title_sv="Språkcafé")
    report = submit(pledge, text_fi="Salainen luonnos etenemisestä.")
    page = url("pledges:detail", "fi", pk=pledge.pk, slug=pledge.slug())
    feed_url = url("pledges:reports_feed", "fi")
    assert "Salainen luonnos" not in client.get(page).content.decode()
    assert "Salainen luonnos" not in client.get(feed_url).content.decode()
    assert not progress_reports_public().exists()
    report_return(report=report, by=None, message="Korjaa.")
    cache.clear()
    assert "Salainen luonnos" not in client.get(page).content.decode()
    with pytest.raises(ReportRefused):
        report_publish(report=report, by=None)
    second = submit(pledge, text_fi="Julkaistava raportti.")
    assert report_publish(report=second, by=None)
    cache.clear()
    html = client.get(page).content.decode()
    assert "Julkaistava raportti." in html and "Salainen luonnos" not in html
    # A pledge that is not public shows nothing of its reports either.
    Pledge.objects.filter(pk=pledge.pk).update(status=Entry.Status.WITHDRAWN)
    assert not progress_reports_public().exists()


@pytest.mark.parametrize("lang", LANGS)
def test_pledge_page_shows_timeline_chart_and_table(client, lang):
    pledge = reporting_pledge()
    indicator = pledge.indicators.get()
    for period, value in [(1, "20"), (2, "45.25")]:
        report = submit(
            pledge, period, values={indicator.pk: Decimal(value)}, text_sv=f"Rapport {period}"
        )
        report_publish(report=report, by=None)
    html = client.get(
        url("pledges:detail", lang, pk=pledge.pk, slug=pledge.slug())
    ).content.decode()
    assert html.count('<li id="report-') == 2
    assert '<time datetime="2026-07-01">1.7.2026</time>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    # The table's figures are the chart's: baseline, each published value, the target.
    assert "45,25 hlö" in html and "20 hlö" in html and "10 hlö" in html and "100 hlö" in html
    name = "Deltagare" if lang == "sv" else "Osallistujat"
    assert f'<title id="indicator-{indicator.pk}-title">{name}</title>' in html


def test_feed_of_published_reports_per_language(client):
    pledge = reporting_pledge(title_fi="Kielikahvila", title_sv="Språkcafé")
    report_publish(report=submit(pledge, text_fi="Edistyy.", text_sv="Det går framåt."), by=None)
    submit(reporting_pledge(), text_fi="Ei vielä julkinen.")
    fi = feedparser.parse(client.get(url("pledges:reports_feed", "fi")).content)
    sv = feedparser.parse(client.get(url("pledges:reports_feed", "sv")).content)
    assert not fi.bozo and not sv.bozo
    with translation.override("fi"):
        assert [e.title for e in fi.entries] == ["Kielikahvila: " + gettext("on track")]
    assert fi.entries[0].summary == "Edistyy."
    assert sv.entries[0].summary == "Det går framåt."
    assert sv.entries[0].title.startswith("Språkcafé: ")
    assert len(fi.entries) == len(sv.entries) == 1


def test_progress_filter_and_figures_match_published_reports(client):
    with time_machine.travel(datetime(2026, 8, 1, 12, tzinfo=HELSINKI)):
        done = reporting_pledge(title_fi="Valmis lupaus")
        report_publish(report=submit(done, status="completed"), by=None)
        late = reporting_pledge(title_fi="Myöhässä oleva lupaus")
        reminders_send(today=date(2026, 5, 2))
        waiting = reporting_pledge(title_fi="Tarkastamaton lupaus")
        submit(waiting, status="completed")  # not reviewed: counts nowhere
        on_track = reporting_pledge(title_fi="Aikataulussa oleva lupaus")
        report_publish(report=submit(on_track), by=None)
        hidden = reporting_pledge(title_fi="Piilotettu", status=Entry.Status.WITHDRAWN)
        ProgressReport.objects.create(
            pledge=hidden,
            period=1,
            period_end=date(2026, 4, 1),
            status="completed",
            text="x",
            language="fi",
            review="published",
        )
        Pledge.objects.filter(pk=hidden.pk).update(progress_status="completed")
        late.refresh_from_db()
        assert late.progress_status == ProgressStatus.OVERDUE
        figures = progress_figures()
        assert figures == {"reported_this_year": 2, "completed": 1}
        assert progress_figures(year=2025) == {"reported_this_year": 0, "completed": 1}
        for status, title in [
            ("completed", "Valmis lupaus"),
            ("overdue", "Myöhässä oleva lupaus"),
            ("on_track", "Aikataulussa oleva lupaus"),
        ]:
            html = client.get(url("pledges:list", "fi") + f"?progress={status}").content.decode()
            assert title in html
            assert html.count('class="card entry-card"') == 1
        html = client.get(url("pledges:list", "sv") + "?progress=bogus").content.decode()
        assert html.count('class="card entry-card"') == 4
        # The home page and every theme page show the same programme-wide figures.
        theme = done.themes.first() or Theme.objects.first()
        expected = {
            "fi": (
                "2 sitoumusta raportoi edistymisestään vuonna 2026",
                "Koko ohjelmassa 2 sitoumusta raportoi edistymisestään vuonna 2026.",
                "1 sitoumus toteutettu",
            ),
            "sv": (
                "2 åtaganden rapporterade sina framsteg 2026",
                "I hela programmet rapporterade 2 åtaganden sina framsteg 2026.",
                "1 åtagande genomfört",
            ),
        }
        for lang, (on_home, on_theme, completed) in expected.items():
            with translation.override(lang):
                theme_path = theme.get_absolute_url()
            for path, phrases in [
                (url("home", lang), (on_home, completed)),
                (theme_path, (on_theme, completed)),
            ]:
                text = re.sub(r"<[^>]+>", "", client.get(path).content.decode())
                text = " ".join(text.split())
                for phrase in phrases:
                    assert phrase in text, (path, phrase)


@pytest.mark.parametrize("count", [1, 50])
def test_list_queries_do_not_grow_with_reports(client, django_assert_max_num_queries, count):
    for _ in range(count):
        pledge = reporting_pledge()
        report_publish(report=submit(pledge), by=None)
    cache.clear()
    with django_assert_max_num_queries(12):
        response = client.get(url("pledges:list", "fi") + "?progress=on_track")
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert (
            client.get(url("pledges:detail", "fi", pk=pledge.pk, slug=pledge.slug())).status_code
            == 200
        )


# Reminders ----------------------------------------------------------------------------


def _days(start: date, days: int):
    for offset in range(days):
        yield start + timedelta(days=offset)


def test_reminders_over_a_simulated_year_are_idempotent(
    smtp_server, django_capture_on_commit_callbacks
):
    never = reporting_pledge(language="fi", interval=3, title_fi="Ei raportoi koskaan")
    reporter = reporting_pledge(language="sv", interval=6, title_sv="Rapporterar", title_fi="")
    finisher = reporting_pledge(language="fi", interval=3, title_fi="Valmistuu")
    quiet = PledgeFactory()  # no reporting interval: never reminded
    draft = reporting_pledge(status=Entry.Status.SUBMITTED)  # not public: never reminded
    for day in _days(date(2026, 1, 1), 365):
        with time_machine.travel(
            datetime(day.year, day.month, day.day, 8, 15, tzinfo=HELSINKI), tick=False
        ):
            for _run in range(2):  # two beat runs (or two workers) a day
                with django_capture_on_commit_callbacks(execute=True):
                    progress_reminders_task()
            if day == date(2026, 7, 5):
                report_publish(report=submit(reporter, 1, text_sv="Det går bra."), by=None)
            if day == date(2026, 4, 3):
                report_publish(report=submit(finisher, 1, status="completed"), by=None)
    reminders = list(ReportReminder.objects.values_list("pledge_id", "period", "kind"))
    assert len(reminders) == len(set(reminders))
    by_pledge = {}
    for pledge_id, period, kind in reminders:
        by_pledge.setdefault(pledge_id, []).append((period, kind))
    assert sorted(by_pledge[never.pk]) == [(p, k) for p in (1, 2, 3) for k in ("first", "second")]
    # Reported within the fortnight: no second reminder for period 1; period 2 ends 1.1.2027.
    assert sorted(by_pledge[reporter.pk]) == [(1, "first")]
    # Completed after the first reminder: nothing after it.
    assert sorted(by_pledge[finisher.pk]) == [(1, "first")]
    assert quiet.pk not in by_pledge and draft.pk not in by_pledge
    never.refresh_from_db()
    assert never.progress_status == ProgressStatus.OVERDUE
    assert never.report_overdue_since == date(2026, 5, 1)
    assert Delivery.objects.filter(template="progress_report_reminder").count() == 8
    # On the wire: one mail per reminder, in the submission's language, with the link.
    assert len(smtp_server.raw) == 8
    messages = [
        email.message_from_bytes(raw, policy=email.policy.default) for raw in smtp_server.raw
    ]
    for message in messages:
        to = str(message["To"])
        pledge = reporter if to == reporter.submission.contact_email else None
        lang = "sv" if pledge else "fi"
        body = message.get_body(("plain",)).get_content()
        with translation.override(lang):
            subjects = {
                gettext("Time to report the progress of your pledge"),
                gettext("Reminder: the progress report of your pledge is due"),
            }
        assert message["Subject"] in subjects
        assert f"/{lang}/" in body
    swedish = [m for m in messages if str(m["To"]) == reporter.submission.contact_email]
    assert len(swedish) == 1
    assert "Rapporterar" in swedish[0].get_body(("plain",)).get_content()
    with translation.override("sv"):
        assert swedish[0]["Subject"] == gettext("Time to report the progress of your pledge")
    assert b"Subject:" in smtp_server.raw[0]


def test_report_returned_mails_the_submitter_in_their_language(
    smtp_server, django_capture_on_commit_callbacks
):
    pledge = reporting_pledge(language="sv", title_sv="Språkcafé")
    report = submit(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_return(report=report, by=None, message="Lägg till siffrorna.")
    [message] = [email.message_from_bytes(r, policy=email.policy.default) for r in smtp_server.raw]
    with translation.override("sv"):
        assert message["Subject"] == gettext("Your progress report was returned")
    body = message.get_body(("plain",)).get_content()
    assert "Lägg till siffrorna." in body and "/sv/" in body
    assert not report_return(report=report, by=None, message="Again")


# Demo ---------------------------------------------------------------------------------


def test_demo_gives_pledges_indicators_and_reports_once(client):
    from pledges import demo, demo_progress

    demo.seed()
    demo_progress.seed()
    counts = (Indicator.objects.count(), ProgressReport.objects.count())
    demo_progress.seed()
    assert (Indicator.objects.count(), ProgressReport.objects.count()) == counts
    reporting = Pledge.objects.exclude(report_interval_months=None)
    assert reporting.count() >= 4
    for pledge in reporting:
        assert pledge.indicators.exists()
        assert 1 <= pledge.progress_reports.count() <= 3
    assert reporting.filter(progress_status=ProgressStatus.OVERDUE).count() == 1
    assert reporting.filter(progress_status=ProgressStatus.COMPLETED).count() == 1
    assert ProgressReport.objects.exclude(text_fi="").exists()
    assert ProgressReport.objects.exclude(text_sv="").exists()
    # The daily job finds nothing new to send on the day of seeding.
    assert reminders_send() == {"first": 0, "second": 0, "overdue": 0}
    for lang in LANGS:
        for pledge in reporting:
            response = client.get(url("pledges:detail", lang, pk=pledge.pk), follow=True)
            assert response.status_code == 200
            assert "<svg" in response.content.decode()


# Staff --------------------------------------------------------------------------------


@pytest.fixture
def staff(client, django_user_model):
    from tests.conftest import verified_login

    user = django_user_model.objects.create_superuser("curator", "c@example.fi", "x" * 16)
    return verified_login(client, user)


def test_admin_publishes_and_returns_reports_after_confirmation(
    staff, smtp_server, django_capture_on_commit_callbacks
):
    from audit.models import AuditEvent

    first = submit(reporting_pledge(title_fi="Ensimmäinen"))
    second = submit(reporting_pledge(language="sv", title_sv="Andra"))
    changelist = reverse("admin:pledges_progressreport_changelist")
    assert staff.get(changelist).status_code == 200
    assert (
        staff.get(reverse("admin:pledges_progressreport_change", args=[first.pk])).status_code
        == 200
    )
    # The index counts the reports waiting and the pledges overdue.
    index = staff.get(reverse("admin:index")).content.decode()
    assert f"{changelist}?review__exact=submitted" in index
    confirm = staff.post(changelist, {"action": "publish_reports", "_selected_action": [first.pk]})
    assert confirm.status_code == 200 and 'name="apply"' in confirm.content.decode()
    first.refresh_from_db()
    assert first.review == "submitted"
    staff.post(
        changelist, {"action": "publish_reports", "_selected_action": [first.pk], "apply": "1"}
    )
    first.refresh_from_db()
    assert first.review == "published" and first.reviewed_by.username == "curator"
    # Returning asks for the message; without one nothing happens.
    page = staff.post(
        changelist,
        {"action": "return_reports", "_selected_action": [second.pk], "apply": "1", "message": ""},
    )
    assert page.status_code == 200
    second.refresh_from_db()
    assert second.review == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            changelist,
            {
                "action": "return_reports",
                "_selected_action": [second.pk],
                "apply": "1",
                "message": "Lägg till siffrorna, tack.",
            },
        )
    second.refresh_from_db()
    assert (second.review, second.returned_message) == ("returned", "Lägg till siffrorna, tack.")
    assert (
        "Lägg till siffrorna, tack." in smtp_server.messages[0].get_body(("plain",)).get_content()
    )
    assert AuditEvent.objects.filter(object_id=str(first.pk), action="published").exists()


def test_admin_pledge_has_indicator_inline_and_exports_overdue(staff):
    pledge = reporting_pledge(title_fi="Myöhässä")
    reminders_send(today=date(2026, 5, 2))
    changelist = reverse("admin:pledges_pledge_changelist")
    html = staff.get(reverse("admin:pledges_pledge_change", args=[pledge.pk])).content.decode()
    assert "Osallistujat" in html and "indicators-TOTAL_FORMS" in html
    index = staff.get(reverse("admin:index")).content.decode()
    assert 'id="progress-overdue"' in index
    overdue = staff.get(changelist + "?progress_status__exact=overdue")
    assert "Myöhässä" in overdue.content.decode()
    response = staff.post(
        changelist + "?progress_status__exact=overdue",
        {"action": "export_progress_csv", "_selected_action": [pledge.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Myöhässä" in body and "2026-05-01" in body


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"indicators-TOTAL_FORMS": "99999", "indicators-INITIAL_FORMS": "0"},
        {"indicators-TOTAL_FORMS": "-1", "indicators-INITIAL_FORMS": "x"},
        {
            "report_interval_months": "7",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "1",
            "indicators-0-id": "999999",
            "indicators-0-name_fi": "x",
            "indicators-0-baseline": "1",
            "indicators-0-target": "2",
        },
        {
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-name_fi": "\x00",
            "indicators-0-baseline": "1e999",
            "indicators-0-target": "Infinity",
            "indicators-0-target_date": "2026-02-30",
        },
    ],
)
def test_hostile_indicator_input_never_500(client, data):
    pledge = reporting_pledge()
    token = STATUS_LINK.make(pledge.submission_id)
    page = url("participate:indicators", "fi", token=token, pk=pledge.pk)
    response = client.post(page, data)
    assert response.status_code == 200
    assert pledge.indicators.count() == 1


def test_staff_setting_an_interval_starts_the_reporting():
    pledge = PledgeFactory()
    from pledges.admin import PledgeAdmin

    pledge.report_interval_months = 12
    PledgeAdmin(Pledge, None).save_model(None, pledge, None, True)
    pledge.refresh_from_db()
    assert pledge.reporting_starts_on == timezone.localdate()


@pytest.mark.parametrize("lang", LANGS)
def test_status_link_offers_the_report_due_and_shows_returned_messages(client, lang):
    pledge = reporting_pledge(language=lang, starts=add_months(timezone.localdate(), -3))
    token = STATUS_LINK.make(pledge.submission_id)
    page = url("participate:indicators", lang, token=token, pk=pledge.pk)
    html = client.get(page).content.decode()
    report_path = url(
        "participate:report", lang, pk=pledge.pk, token=REPORT_LINK.make(pledge.pk, 1)
    ).rsplit("/", 2)[0]
    assert report_path in html
    report = submit(pledge)
    assert report_path not in client.get(page).content.decode()
    report_return(report=report, by=None, message="Lisää luvut, kiitos.")
    html = client.get(page).content.decode()
    assert "Lisää luvut, kiitos." in html and report_path in html
