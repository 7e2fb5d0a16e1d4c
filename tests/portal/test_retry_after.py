"""The 429 page's Retry-After is the time until the refusing limit's window ends, over the
real rates of the public forms (10 per 10 minutes, per minute, per hour)."""

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django_ratelimit.core import _get_window

import mailings.views
import pledges.views
from core.ratelimits import rate_window_seconds
from tests.events.factories import EventFactory
from tests.pledges.factories import CampaignFactory

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.44"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _participate() -> tuple[str, dict]:
    CampaignFactory()
    return "participate:form", {}


def _subscribe() -> tuple[str, dict]:
    return "newsletter:subscribe", {}


def _register() -> tuple[str, dict]:
    return "events:register", {"pk": EventFactory().pk}


def _accessibility() -> tuple[str, dict]:
    return "accessibility", {}


# (what is limited, its rate as declared on the view, how to reach it, wording in fi / sv)
LIMITS = [
    ("participation form", pledges.views.FORM_RATE, _participate, "10 minuuttia", "10 minuter"),
    ("newsletter", mailings.views.FORM_RATE, _subscribe, "1 minuutti ", "1 minut "),
    ("event registration", "10/m", _register, "1 minuutti ", "1 minut "),
    ("accessibility feedback", "10/h", _accessibility, "60 minuuttia", "60 minuter"),
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(
    ("what", "rate", "target", "fi_wait", "sv_wait"), LIMITS, ids=[x[0] for x in LIMITS]
)
def test_retry_after_is_when_the_limit_lifts(client, lang, what, rate, target, fi_wait, sv_wait):
    name, kwargs = target()
    with translation.override(lang):
        path = reverse(name, kwargs=kwargs or None)
    window = rate_window_seconds(rate)
    limit = int(rate.split("/")[0])
    # One second into a fresh window of this address (django-ratelimit staggers window
    # boundaries per key), so the whole window is still to run.
    start = _get_window(ADDRESS, window) + 1
    with time_machine.travel(start, tick=False):
        for _ in range(limit):
            assert client.post(path, {}, REMOTE_ADDR=ADDRESS).status_code != 429
        refused = client.post(path, {}, REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429
    retry_after = int(refused["Retry-After"])
    assert retry_after == window
    html = refused.content.decode()
    assert (fi_wait if lang == "fi" else sv_wait) in html
    # Still refused a second before that moment, accepted from it on.
    with time_machine.travel(start + retry_after - 1, tick=False):
        assert client.post(path, {}, REMOTE_ADDR=ADDRESS).status_code == 429
    with time_machine.travel(start + retry_after, tick=False):
        assert client.post(path, {}, REMOTE_ADDR=ADDRESS).status_code != 429


def test_retry_after_counts_only_the_rest_of_the_window(client):
    path = reverse("newsletter:subscribe")
    window = rate_window_seconds(mailings.views.FORM_RATE)
    end = _get_window(ADDRESS, window)
    with time_machine.travel(end - 14, tick=False):
        for _ in range(10):
            client.post(path, {}, REMOTE_ADDR=ADDRESS)
        refused = client.post(path, {}, REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
