"""The API gives exactly what the public lists show: for the same filters, walking every
API page gives the same pledges and initiatives as walking every page of the HTML list
(bulk content of every theme, organisation type, region and status, public and not)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from pledges.models import Organisation
from portal.bulk import seed_bulk
from programmes.models import Campaign
from themes.models import Theme

pytestmark = pytest.mark.django_db
LINK = {
    "pledges": re.compile(r'href="/fi/lupaukset/(\d+)-'),
    "initiatives": re.compile(r'href="/fi/aloitteet/(\d+)-'),
}


@pytest.fixture
def content(db):
    seed_bulk(pledges=90, initiatives=45, events=0, news=0, subscribers=0, seed=3)


def api_ids(client, collection: str, query: str) -> list[int]:
    ids, url = [], f"/api/v1/{collection}/?page_size=100&{query}"
    while url:
        body = client.get(url).json()
        ids += [item["id"] for item in body["results"]]
        url = body["next"]
    return ids


def list_ids(client, collection: str, query: str) -> list[int]:
    with translation.override("fi"):
        path = reverse(f"{collection}:list")
    ids, page = [], 1
    while True:
        html = client.get(f"{path}?{query}&page={page}").content.decode()
        found = [int(pk) for pk in LINK[collection].findall(html)]
        # Each card links its entry once from the title (a card may link it twice).
        found = list(dict.fromkeys(found))
        if not found or page > 20:
            return ids
        ids += found
        if f"page={page + 1}" not in html:
            return ids
        page += 1


def queries() -> list[str]:
    theme = Theme.objects.order_by("number").first()
    campaign = Campaign.objects.order_by("pk").first()
    return [
        "",
        f"theme={theme.pk}",
        f"type={Organisation.Type.ASSOCIATION}",
        "region=uusimaa",
        "selected=1",
        "awarded=1",
        f"campaign={campaign.pk}",
    ]


@pytest.mark.parametrize("collection", ["pledges", "initiatives"])
def test_every_api_page_together_is_the_public_list(client, content, collection):
    compared = 0
    for query in queries():
        api_query = query.replace("selected=1", "selected=true").replace(
            "awarded=1", "awarded=true"
        )
        shown = list_ids(client, collection, query)
        given = api_ids(client, collection, api_query)
        assert len(given) == len(set(given)), query
        assert set(given) == set(shown), query
        compared += len(shown)
    assert compared > 50  # the filters had something to show
