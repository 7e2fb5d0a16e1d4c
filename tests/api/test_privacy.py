"""Only what the site shows is in the API: no draft, unconsented, rejected or withdrawn
entry, unpublished event or news item, unconfirmed partner, and no email address at all."""

import re

import pytest

from pledges.models import Partner, Submission
from tests.api.conftest import SECRET_MARK
from tests.api.test_endpoints import COLLECTIONS

pytestmark = pytest.mark.django_db
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


def _walk(client, name: str) -> list[bytes]:
    bodies, url = [], f"/api/v1/{name}/?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        bodies.append(response.content)
        url = response.json()["next"]
    return bodies


def test_hidden_entries_appear_in_no_endpoint_and_no_count(client, public_data, hidden_data):
    for name in COLLECTIONS:
        bodies = _walk(client, name)
        for body in bodies:
            assert SECRET_MARK.encode() not in body, name
        ids = {item["id"] for body in bodies for item in __import__("json").loads(body)["results"]}
        if name in ("pledges", "initiatives"):
            hidden_ids = {entry.pk for entry in hidden_data if entry.kind == name[:-1]}
            assert not ids & hidden_ids, name
            for pk in hidden_ids:
                assert client.get(f"/api/v1/{name}/{pk}/").status_code == 404
    # The counts: exactly the public ones (public_data's pledge and the one whose reports
    # hidden_data left unpublished; one award, one published report).
    assert len(_ids(client, "pledges")) == 2
    assert _ids(client, "progress-reports") == {public_data["report"].pk}
    assert len(_ids(client, "awards")) == 1


def _ids(client, name):
    return {item["id"] for item in client.get(f"/api/v1/{name}/?page_size=100").json()["results"]}


def test_no_response_contains_an_email_address(client, public_data, hidden_data):
    addresses = set(Submission.objects.values_list("contact_email", flat=True))
    addresses |= set(Partner.objects.values_list("contact_email", flat=True))
    assert addresses
    for name in COLLECTIONS:
        for body in _walk(client, name):
            assert not EMAIL.search(body), (name, EMAIL.search(body))
            for address in addresses:
                assert address.encode() not in body
        first = client.get(f"/api/v1/{name}/").json()["results"][0]
        detail = client.get(f"/api/v1/{name}/{first['id']}/")
        assert not EMAIL.search(detail.content), name
