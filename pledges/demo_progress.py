"""Demo progress reporting: indicators and published reports of a few demo pledges, in
Finnish and Swedish, and one pledge whose report is overdue. Idempotent (seed_missing);
the dates follow the day of seeding, so the periods are always due when the demo is shown.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.seeding import seed_missing
from pledges.models import (
    Indicator,
    IndicatorValue,
    Pledge,
    ProgressReport,
    ReportReminder,
)
from pledges.progress import ProgressStatus
from pledges.progress_services import OVERDUE_AFTER, add_months, period_end

# For each demo pledge (its key in pledges.demo): the interval, how many periods ago
# reporting started, the indicators (fi, sv, unit, baseline, target) and the published
# reports (status, fi, sv, one value per indicator).
PROGRESS = {
    "kielikahvila": {
        "interval": 3,
        "periods": 3,
        "indicators": [
            (
                "Kielikahvilan kävijät kuukaudessa",
                "Besökare i språkcaféet per månad",
                "",
                "20",
                "120",
            ),
            ("Koulutetut vapaaehtoiset", "Utbildade frivilliga", "", "0", "10"),
        ],
        "reports": [
            (
                "on_track",
                "Kahvila on auki joka tiistai, ja kävijöitä on ollut odotettua enemmän.",
                "Caféet är öppet varje tisdag, och besökarna har varit fler än väntat.",
                ["45", "3"],
            ),
            (
                "on_track",
                "Kävijämäärä kasvoi syksyllä. Kaksi uutta vapaaehtoista koulutettiin.",
                "Antalet besökare ökade under hösten. Två nya frivilliga utbildades.",
                ["70", "5"],
            ),
            (
                "delayed",
                "Kirjaston remontti sulki kahvilan kuukaudeksi, joten kävijöitä oli vähemmän.",
                "",
                ["55", "6"],
            ),
        ],
    },
    "laxhjalp": {
        "interval": 6,
        "periods": 2,
        "indicators": [
            ("Läksyapua saaneet oppilaat", "Elever som fått läxhjälp", "", "0", "40"),
        ],
        "reports": [
            (
                "on_track",
                "",
                "Läxhjälpen har hållits två kvällar i veckan och lockat fler elever än vi trodde.",
                ["25"],
            ),
            (
                "completed",
                "Tavoite saavutettiin: läksyapu jatkuu seurakunnan omana toimintana.",
                "Målet är nått: läxhjälpen fortsätter som församlingens egen verksamhet.",
                ["42"],
            ),
        ],
    },
    "perhekerho": {
        "interval": 6,
        "periods": 1,
        "indicators": [
            ("Kerhokerrat", "Klubbträffar", "", "0", "30"),
            ("Osallistuneet perheet", "Familjer som deltagit", "", "0", "25"),
        ],
        "reports": [
            (
                "delayed",
                "Tilojen puute siirsi aloitusta, mutta kerho kokoontuu nyt viikoittain.",
                "Bristen på lokaler sköt upp starten, men klubben träffas nu varje vecka.",
                ["8", "11"],
            ),
        ],
    },
    # Reported once, then silent: the next report is overdue.
    "samtalskvallar": {
        "interval": 3,
        "periods": 2,
        "overdue": True,
        "indicators": [
            ("Keskusteluillat", "Samtalskvällar", "", "0", "8"),
        ],
        "reports": [
            ("on_track", "", "Den första samtalskvällen samlade trettio deltagare.", ["1"]),
        ],
    },
}


def _pledge(key: str) -> Pledge | None:
    return Pledge.objects.filter(submission__contact_email=f"demo-{key}@example.fi").first()


def _starts_on(today: date, interval: int, periods: int, overdue: bool) -> date:
    # The latest period ended a week ago (or, for the overdue pledge, past its grace time).
    days_back = OVERDUE_AFTER.days + 10 if overdue else 7
    return add_months(today - timedelta(days=days_back), -interval * periods)


@transaction.atomic
def seed() -> None:
    today = timezone.localdate()
    now = timezone.now()
    for key, data in PROGRESS.items():
        pledge = _pledge(key)
        if pledge is None:
            continue
        overdue = data.get("overdue", False)
        if pledge.report_interval_months is None:
            pledge.report_interval_months = data["interval"]
            pledge.reporting_starts_on = _starts_on(
                today, data["interval"], data["periods"], overdue
            )
            pledge.save(update_fields=["report_interval_months", "reporting_starts_on"])
        indicators = []
        for position, (name_fi, name_sv, unit, baseline, target) in enumerate(data["indicators"]):
            indicator, _created = seed_missing(
                Indicator,
                pledge=pledge,
                position=position,
                defaults={
                    "name": name_fi,
                    "name_fi": name_fi,
                    "name_sv": name_sv,
                    "unit": unit,
                    "baseline": Decimal(baseline),
                    "target": Decimal(target),
                    "target_date": add_months(pledge.reporting_starts_on, 24),
                },
            )
            indicators.append(indicator)
        for period, (status, text_fi, text_sv, values) in enumerate(data["reports"], start=1):
            end = period_end(pledge, period)
            sent = now - (today - end) + timedelta(days=3)
            report, created = seed_missing(
                ProgressReport,
                pledge=pledge,
                period=period,
                defaults={
                    "period_end": end,
                    "status": status,
                    "text": text_fi or text_sv,
                    "text_fi": text_fi,
                    "text_sv": text_sv,
                    "language": pledge.original_language,
                    "review": ProgressReport.Review.PUBLISHED,
                    "reviewed_at": sent + timedelta(days=2),
                },
            )
            if created:
                # Sent a few days after the period ended (auto_now_add set it to now).
                ProgressReport.objects.filter(pk=report.pk).update(submitted_at=sent)
            for indicator, value in zip(indicators, values, strict=True):
                seed_missing(
                    IndicatorValue,
                    report=report,
                    indicator=indicator,
                    defaults={"value": Decimal(value)},
                )
        latest = data["reports"][-1][0]
        if overdue:
            period = len(data["reports"]) + 1
            for kind in (ReportReminder.Kind.FIRST, ReportReminder.Kind.SECOND):
                seed_missing(ReportReminder, pledge=pledge, period=period, kind=kind)
            since = period_end(pledge, period) + OVERDUE_AFTER
            Pledge.objects.filter(pk=pledge.pk).update(
                progress_status=ProgressStatus.OVERDUE, report_overdue_since=since
            )
        else:
            Pledge.objects.filter(pk=pledge.pk).update(progress_status=latest)
