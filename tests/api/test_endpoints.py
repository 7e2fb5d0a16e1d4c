"""The open data API: what each endpoint returns, in both languages, in bounded queries."""

import pytest
from django.conf import settings

from tests.events.factories import EventFactory
from tests.pledges.factories import InitiativeFactory, PartnerFactory, PledgeFactory

pytestmark = pytest.mark.django_db

COLLECTIONS = [
    "themes",
    "pledges",
    "initiatives",
    "organisations",
    "awards",
    "events",
    "news",
    "progress-reports",
]
NO_PAGE = ("awards", "progress-reports")  # shown on other objects' pages


def get(client, path, **headers):
    return client.get(path, **headers)


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_collection_lists_and_details_its_public_objects(client, public_data, name):
    response = client.get(f"/api/v1/{name}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["results"], name
    first = body["results"][0]
    if name not in NO_PAGE:
        assert set(first["urls"]) == {"fi", "sv"}
    detail = client.get(f"/api/v1/{name}/{first['id']}/")
    assert detail.status_code == 200
    assert detail.json() == first


def test_translated_fields_and_urls_are_given_in_both_languages(client, public_data):
    pledge = public_data["pledge"]
    body = client.get(f"/api/v1/pledges/{pledge.pk}/").json()
    assert body["title"] == {"fi": pledge.title_fi, "sv": "Vi lovar ett språkcafé"}
    assert body["urls"]["fi"].startswith(f"{settings.SITE_URL}/fi/")
    assert body["urls"]["sv"].startswith(f"{settings.SITE_URL}/sv/")
    assert body["themes"] == [public_data["theme"].pk]
    assert body["awards"][0]["name"] == {
        "fi": "Vuoden kumppanuusteko",
        "sv": "Årets partnerskapsgärning",
    }
    # The public page is where the URL says, in both languages.
    for url in body["urls"].values():
        assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200


def test_initiative_names_its_confirmed_partners(client, public_data):
    initiative = public_data["initiative"]
    body = client.get(f"/api/v1/initiatives/{initiative.pk}/").json()
    assert [p["name"] for p in body["partners"]] == [public_data["partner"].organisation.name]


def test_event_gives_free_places_and_no_registrant(client, public_data):
    body = client.get(f"/api/v1/events/{public_data['event'].pk}/").json()
    assert body["free_places"] == 9
    assert body["capacity"] == 10
    assert "registrations" not in body


def test_news_edition_not_yet_published_in_swedish_is_null(client, public_data):
    body = client.get(f"/api/v1/news/{public_data['news'].pk}/").json()
    assert body["title"] == {"fi": "Uutinen", "sv": None}
    assert body["urls"]["sv"] is None
    assert body["published"]["sv"] is None


def test_filters_match_the_public_lists(client, public_data):
    theme = public_data["theme"]
    other = PledgeFactory(selected=True)
    ids = lambda query: [p["id"] for p in client.get(f"/api/v1/pledges/?{query}").json()["results"]]  # noqa: E731
    assert ids(f"theme={theme.pk}") == [public_data["pledge"].pk]
    assert ids("selected=true") == [other.pk]
    assert ids("awarded=true") == [public_data["pledge"].pk]
    assert ids("type=company") == []
    assert set(ids("region=pirkanmaa")) == {other.pk, public_data["pledge"].pk}
    assert ids("updated_since=2999-01-01T00:00:00Z") == []
    assert ids(f"campaign={other.campaign_id}") == [other.pk]


def test_a_bad_filter_value_is_a_problem_in_the_requested_language(client, db):
    response = client.get("/api/v1/pledges/?theme=abc&lang=sv")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["invalid_params"] == ["theme"]
    assert body["title"] == "Ogiltig begäran"
    finnish = client.get("/api/v1/pledges/?theme=abc", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert finnish["title"] == "Virheellinen pyyntö"
    swedish = client.get("/api/v1/pledges/999999/", HTTP_ACCEPT_LANGUAGE="sv")
    assert swedish.status_code == 404
    assert swedish.json()["title"] == "Hittades inte"


def test_writes_are_refused_as_problem_details(client, db):
    response = client.post("/api/v1/pledges/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_html_is_never_served(client, public_data):
    response = client.get("/api/v1/pledges/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def _make(name: str, count: int) -> None:
    for _ in range(count):
        if name == "pledges":
            pledge = PledgeFactory()
            PartnerFactory(submission=pledge.submission)
        elif name in ("initiatives", "organisations", "awards"):
            initiative = InitiativeFactory()
            PartnerFactory(submission=initiative.submission)
            if name == "awards":
                from tests.pledges.factories import AwardFactory

                AwardFactory().initiatives.add(initiative)
        elif name == "progress-reports":
            from pledges.models import ProgressReport
            from tests.api.conftest import report_make

            report_make(PledgeFactory(), review=ProgressReport.Review.PUBLISHED, text="Hyvin.")
        elif name == "events":
            EventFactory()
        elif name == "news":
            from django.utils import timezone

            from news.models import NewsItem

            NewsItem.objects.create(title_fi="Uutinen", published_fi=timezone.now())


@pytest.mark.parametrize("name", [c for c in COLLECTIONS if c != "themes"])
def test_list_queries_do_not_grow_with_the_page(client, db, name, django_assert_max_num_queries):
    _make(name, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/api/v1/{name}/?page_size=100").status_code == 200
    _make(name, 49)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/api/v1/{name}/?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 50
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_progress_report_gives_its_indicator_values(client, public_data):
    body = client.get(f"/api/v1/progress-reports/{public_data['report'].pk}/").json()
    assert body["pledge"] == public_data["pledge"].pk
    assert body["text"] == {"fi": "Etenee hyvin.", "sv": None}
    assert body["values"][0]["name"] == {"fi": "Osallistujia", "sv": None}
    assert body["values"][0]["value"] == 42.5
