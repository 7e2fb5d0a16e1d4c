"""The API's conventions on the wire: conditional GET, caching, CORS, pages, rate limit."""

import time

import pytest
from django.utils.http import http_date

from pledges.models import Entry
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def test_conditional_get_answers_304_on_the_etag_and_on_the_date(client, public_data):
    response = client.get("/api/v1/pledges/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A change gives a new body and a new tag.
    PledgeFactory()
    changed = client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # One object carries its own time too, and answers a conditional GET on it.
    detail = f"/api/v1/pledges/{public_data['pledge'].pk}/"
    last_modified = client.get(detail)["Last-Modified"]
    by_date = client.get(detail, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_date.status_code == 304


def test_a_list_never_answers_304_for_a_date_after_an_item_left_it(client, public_data):
    """A list has no Last-Modified: the newest time on a page cannot show that an item left
    it, so a client asking If-Modified-Since gets the list again, without the item."""
    pledge = public_data["pledge"]
    response = client.get("/api/v1/pledges/")
    assert "Last-Modified" not in response
    assert pledge.pk in [item["id"] for item in response.json()["results"]]
    pledge.status = Entry.Status.WITHDRAWN
    pledge.save()
    again = client.get("/api/v1/pledges/", HTTP_IF_MODIFIED_SINCE=http_date(time.time()))
    assert again.status_code == 200
    assert pledge.pk not in [item["id"] for item in again.json()["results"]]


def test_cors_allows_any_origin_to_read_and_none_to_write(client, public_data):
    origin = {"HTTP_ORIGIN": "https://example.org"}
    for method in ("get", "head", "options"):
        response = getattr(client, method)("/api/v1/themes/", **origin)
        assert response["Access-Control-Allow-Origin"] == "*", method
    preflight = client.options(
        "/api/v1/themes/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/themes/", **origin)
        assert response.status_code == 405, method
        assert "Access-Control-Allow-Origin" not in response, method
    # Only the API: the pages stay same-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/fi/", **origin)


def test_a_cursor_walk_sees_every_item_exactly_once_while_items_are_added(client, db):
    existing = {PledgeFactory().pk for _ in range(25)}
    for ordering in ("-id", "id"):
        seen = []
        url = f"/api/v1/pledges/?page_size=7&ordering={ordering}"
        while url:
            body = client.get(url).json()
            seen += [item["id"] for item in body["results"]]
            PledgeFactory()  # published between two pages
            url = body["next"]
        assert len(seen) == len(set(seen)), ordering
        assert existing <= set(seen), ordering


def test_an_invalid_cursor_is_a_problem_not_an_error(client, db):
    for cursor in ("garbage", "cD1hYmM%3D", "cD0xMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTA%3D"):
        response = client.get(f"/api/v1/pledges/?cursor={cursor}")
        assert response.status_code in (400, 404), cursor
        assert response["Content-Type"] == "application/problem+json"


def test_rate_limit_answers_429_with_retry_after(client, db, settings):
    settings.API_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    refused = client.get("/api/v1/themes/", HTTP_ACCEPT_LANGUAGE="sv")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["title"] == "För många förfrågningar"
    # Another address has its own count.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "theme=%00",
        "theme=99999999999999999999999",
        "theme=-1",
        "updated_since=99999-01-01",
        "updated_since=9999-12-31T23:59:59-14:00",
        "updated_since=%00",
        "region=%00",
        "ordering=title%00",
        "page_size=-5",
        "page_size=1000000000000000000000",
        "cursor=%ff%fe",
        "selected=maybe",
        "lang=%00",
        "type=" + "x" * 5000,
    ],
)
def test_hostile_query_strings_are_never_a_server_error(client, public_data, query):
    for name in ("pledges", "initiatives", "events", "news", "organisations"):
        response = client.get(f"/api/v1/{name}/?{query}")
        assert response.status_code in (200, 400, 404), (name, query)


def test_schema_is_openapi_3_1_in_json_and_yaml_with_the_version_in_the_path(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["version"] == "v1"
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    yaml = client.get("/api/v1/schema/?format=yaml")
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.content.startswith(b"openapi: 3.1.0")
    by_accept = client.get("/api/v1/schema/", HTTP_ACCEPT="application/yaml")
    assert by_accept.content.startswith(b"openapi: 3.1.0")


def test_an_unknown_api_address_is_a_problem_not_a_page(client, db):
    response = client.get("/api/v1/pledges/-1/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Hittades inte"
