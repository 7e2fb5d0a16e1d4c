"""Sentences around a date and a time are one translatable string (issue 9, item 17).

The Finnish deadline said submissions are accepted *at* the moment ("… klo 18.28.") because
the sentence was glued together from pieces; the demo's deadlines fell on odd minutes.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from pledges import demo
from programmes.models import Campaign
from tests.pledges.factories import CampaignFactory
from tests.pledges.test_submission import url

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def page_text(client, lang: str) -> str:
    response = client.get(url("participate:form", lang))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("fi", "Lupauksia ja aloitteita voi lähettää 15. tammikuuta 2027 klo 16.00 asti."),
        ("sv", "Löften och initiativ ska skickas in senast 15 januari 2027 kl. 16.00."),
    ],
)
def test_the_deadline_is_one_sentence_that_says_until(client, lang, sentence):
    closes = datetime(2027, 1, 15, 16, 0, tzinfo=HELSINKI)
    CampaignFactory(opens_at=datetime(2026, 11, 1, 9, 0, tzinfo=HELSINKI), closes_at=closes)
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=HELSINKI)):
        html = page_text(client, lang)
    assert f'<time datetime="2027-01-15T16:00+0200">{sentence}</time>' in html


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("fi", "Seuraava kampanja, Kevät 2027, alkaa 1. maaliskuuta 2027 klo 9.00."),
        ("sv", "Nästa kampanj, Våren 2027, börjar den 1 mars 2027 kl. 9.00."),
    ],
)
def test_the_next_campaign_sentence_is_one_sentence(client, lang, sentence):
    opens = datetime(2027, 3, 1, 9, 0, tzinfo=HELSINKI)
    CampaignFactory(
        name_fi="Kevät 2027",
        name_sv="Våren 2027",
        opens_at=opens,
        closes_at=datetime(2027, 4, 1, 16, 0, tzinfo=HELSINKI),
    )
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=HELSINKI)):
        html = page_text(client, lang)
    assert sentence in html


def test_demo_campaigns_open_and_close_at_round_times():
    with time_machine.travel(datetime(2026, 11, 29, 18, 28, 41, tzinfo=HELSINKI)):
        demo.seed()
    campaigns = list(Campaign.objects.all())
    assert campaigns
    for campaign in campaigns:
        for moment in (campaign.opens_at, campaign.closes_at):
            local = moment.astimezone(HELSINKI)
            assert (local.minute, local.second, local.microsecond) == (0, 0, 0), campaign
    current = Campaign.objects.get(hashtag=demo.CAMPAIGNS["open"]["hashtag"])
    assert current.closes_at.astimezone(HELSINKI).hour == 16
