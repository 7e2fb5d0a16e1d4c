"""HEAD answers like GET (same status and headers) without a body, on every public path,
the machine endpoints, feeds and calendar files; and every response says
Cross-Origin-Resource-Policy: same-origin, static files and the health check included."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.conftest import public_paths
from tests.events.factories import EventFactory
from tests.pledges.factories import CampaignFactory, InitiativeFactory, PledgeFactory

pytestmark = pytest.mark.django_db

# Headers that describe the representation; HEAD must promise what GET delivers.
COMPARED = [
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Cache-Control",
    "Location",
    "Vary",
    "X-Frame-Options",
    "Cross-Origin-Resource-Policy",
]
LIST_NAMES = [
    "participate:form",
    "pledges:list",
    "pledges:feed",
    "initiatives:list",
    "initiatives:feed",
    "search:search",
    "events:list",
    "events:calendar",
    "news:list",
    "news:feed",
    "newsletter:subscribe",
    "newsletter:archive",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def every_public_path() -> list[str]:
    CampaignFactory()
    event = EventFactory()
    pledge = PledgeFactory()
    initiative = InitiativeFactory()
    paths = ["/healthz", "/sitemap.xml", "/robots.txt", *public_paths()]
    for lang in ("fi", "sv"):
        with translation.override(lang):
            paths += [reverse(name) for name in LIST_NAMES]
            paths += [
                event.get_absolute_url(),
                reverse("events:register", kwargs={"pk": event.pk}),
                reverse("events:ics", kwargs={"pk": event.pk}),
                pledge.get_absolute_url(),
                initiative.get_absolute_url(),
            ]
    return paths


def test_head_answers_like_get_without_a_body(client):
    paths = every_public_path()
    assert len(paths) > 40
    for path in paths:
        get = client.get(path)
        head = client.head(path)
        assert get.status_code < 400, (path, get.status_code)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        for header in COMPARED:
            assert head.get(header) == get.get(header), (path, header)


def test_head_on_the_health_check_for_load_balancers(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""


@pytest.mark.parametrize(
    "path", ["/fi/", "/sv/", "/healthz", "/static/css/site.css", "/fi/ei-ole/", "/admin/login/"]
)
def test_every_response_forbids_cross_origin_embedding(client, path):
    response = client.get(path)
    response.close()  # WhiteNoise streams the file
    assert response.status_code in (200, 404), path
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
