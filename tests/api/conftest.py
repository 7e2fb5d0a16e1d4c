"""Fixtures of the open data API tests: one public object of each kind, and the same kinds
in every state that must never be public."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import Registration
from news.models import NewsItem
from pledges.models import Entry, Indicator, Partner, ProgressReport
from pledges.progress import IndicatorValue
from tests.events.factories import EventFactory, RegistrationFactory
from tests.pledges.factories import (
    AwardFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    PledgeFactory,
    SubmissionFactory,
)
from themes.models import Theme

SECRET_MARK = "salainen"  # in every hidden object's title, to find any leak in a body


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.API_RATE_LIMIT = "10000/min"


@pytest.fixture
def public_data(db):
    """One public object of every collection, linked to each other."""
    theme = Theme.objects.order_by("number").first()
    pledge = PledgeFactory(
        themes=[theme], title_sv="Vi lovar ett språkcafé", text_sv="Varje vecka."
    )
    initiative = InitiativeFactory(themes=[theme])
    partner = PartnerFactory(submission=initiative.submission)
    award = AwardFactory()
    award.pledges.add(pledge)
    event = EventFactory(capacity=10)
    event.themes.add(theme)
    RegistrationFactory(event=event, email="osallistuja.julkinen@example.fi")
    news = NewsItem.objects.create(
        title_fi="Uutinen",
        title_sv="Nyhet",
        lead_fi="Ingressi.",
        body_fi="Leipäteksti.",
        published_fi=timezone.now() - timedelta(days=1),
    )
    report = report_make(pledge, review=ProgressReport.Review.PUBLISHED, text="Etenee hyvin.")
    return {
        "report": report,
        "theme": theme,
        "pledge": pledge,
        "initiative": initiative,
        "partner": partner,
        "award": award,
        "event": event,
        "news": news,
    }


@pytest.fixture
def hidden_data(db):
    """What must appear nowhere: entries in draft (submitted), in review, rejected and
    withdrawn states, a published entry without consent, an unpublished event, a news item
    not yet published, an award of hidden entries only, and unconfirmed partners."""
    hidden = []
    for number, status in enumerate(
        [
            Entry.Status.SUBMITTED,
            Entry.Status.IN_REVIEW,
            Entry.Status.REJECTED,
            Entry.Status.WITHDRAWN,
        ]
    ):
        org = OrganisationFactory(name=f"{SECRET_MARK} org {status}")
        submission = SubmissionFactory(organisation=org, contact_email=f"hidden{number}@example.fi")
        hidden.append(
            PledgeFactory(
                submission=submission,
                status=status,
                published_at=None,
                title_fi=f"{SECRET_MARK} pledge {status}",
            )
        )
        hidden.append(
            InitiativeFactory(
                submission=SubmissionFactory(organisation=org),
                status=status,
                published_at=None,
                title_fi=f"{SECRET_MARK} initiative {status}",
            )
        )
    unconsented_org = OrganisationFactory(name=f"{SECRET_MARK} org unconsented")
    unconsented = PledgeFactory(
        submission=SubmissionFactory(organisation=unconsented_org, consent_to_publish=False),
        title_fi=f"{SECRET_MARK} pledge unconsented",
    )
    hidden.append(unconsented)
    award = AwardFactory(name_fi=f"{SECRET_MARK} award", name_sv=f"{SECRET_MARK} pris")
    award.pledges.add(unconsented)
    PartnerFactory(
        submission=InitiativeFactory().submission,
        organisation=OrganisationFactory(name=f"{SECRET_MARK} pending partner"),
        status=Partner.Status.PENDING,
    )
    event = EventFactory(is_published=False, title_fi=f"{SECRET_MARK} event")
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    NewsItem.objects.create(
        title_fi=f"{SECRET_MARK} news", published_fi=timezone.now() + timedelta(days=3)
    )
    NewsItem.objects.create(title_fi=f"{SECRET_MARK} draft news")
    public_pledge = PledgeFactory()
    for period, review in enumerate(
        [ProgressReport.Review.SUBMITTED, ProgressReport.Review.RETURNED], start=1
    ):
        report_make(public_pledge, review=review, text=f"{SECRET_MARK} report", period=period)
    report_make(unconsented, review=ProgressReport.Review.PUBLISHED, text=f"{SECRET_MARK} r")
    return hidden


def report_make(pledge, *, review: str, text: str, period: int = 1) -> ProgressReport:
    """A progress report of `pledge` with one indicator value."""
    indicator, _created = Indicator.objects.get_or_create(
        pledge=pledge,
        name_fi="Osallistujia",
        defaults={"unit": "hlöä", "baseline": Decimal(0), "target": Decimal(100)},
    )
    report = ProgressReport.objects.create(
        pledge=pledge,
        period=period,
        period_end=date(2026, 3 * period, 28),
        status="on_track",
        text_fi=text,
        language="fi",
        review=review,
    )
    IndicatorValue.objects.create(report=report, indicator=indicator, value=Decimal("42.50"))
    return report
