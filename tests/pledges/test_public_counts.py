"""The cached public counts (home page, theme pages) follow publishing at once.

The counts come from the shared cache (core.content_versions.cached_value) so the home
page does not count 100,000 rows on every request; a change through the services must still
show on the very next request, not an hour later.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pledges.models import Entry
from pledges.services import entry_publish, entry_reject
from tests.pledges.test_browse import InitiativeFactory, PledgeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

S = Entry.Status


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def home_numbers(client: Client) -> list[int]:
    """The home page's numbers of pledges, initiatives and organisations, as shown (the
    progress figures after them are tests/pledges/test_progress.py's)."""
    with translation.override("fi"):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'class="stats__number">(\d+)<', response.text)][:3]


def theme_links(client: Client, theme: Theme) -> str:
    with translation.override("fi"):
        response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_home_counts_change_right_after_publishing_and_rejecting(client, admin_user):
    PledgeFactory()
    InitiativeFactory()
    waiting = PledgeFactory(status=S.IN_REVIEW, published_at=None)
    assert home_numbers(client) == [1, 1, 2]
    assert home_numbers(client) == [1, 1, 2]  # now from the cache

    entry_publish(entry=waiting, by=admin_user)
    assert home_numbers(client) == [2, 1, 3]

    entry_reject(entry=waiting, by=admin_user)
    assert home_numbers(client) == [1, 1, 2]


def test_theme_page_count_changes_right_after_publishing(client, admin_user):
    theme = Theme.objects.order_by("number").first()
    for _ in range(2):
        PledgeFactory(themes=[theme])
    waiting = PledgeFactory(status=S.IN_REVIEW, published_at=None, themes=[theme])
    assert "Kaikki teeman 2 lupausta" in theme_links(client, theme)
    assert "Kaikki teeman 2 lupausta" in theme_links(client, theme)  # from the cache

    entry_publish(entry=waiting, by=admin_user)
    assert "Kaikki teeman 3 lupausta" in theme_links(client, theme)


def list_html(client: Client, **params) -> str:
    with translation.override("fi"):
        response = client.get(reverse("pledges:list"), params)
    assert response.status_code == 200
    return response.text


def test_list_totals_change_right_after_publishing(client, admin_user):
    theme = Theme.objects.order_by("number").first()
    PledgeFactory(themes=[theme])
    PledgeFactory()
    waiting = PledgeFactory(status=S.IN_REVIEW, published_at=None, themes=[theme])
    assert "2 lupausta" in list_html(client)
    assert "1 lupaus" in list_html(client, theme=theme.pk)
    assert "2 lupausta" in list_html(client, sort="title")  # the same total, from the cache

    entry_publish(entry=waiting, by=admin_user)
    assert "3 lupausta" in list_html(client)
    assert "2 lupausta" in list_html(client, theme=theme.pk)
