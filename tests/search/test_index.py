"""The search index follows every write a visitor would notice: publish, withdraw, edit,
consent, delete; and writes that bypass signals are caught by a refresh."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from news.models import NewsItem
from pledges import services
from pledges.models import Entry, Pledge
from search.index import index_refresh
from search.models import SearchEntry
from search.query import site_search
from tests.events.factories import EventFactory
from tests.pledges.factories import PledgeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("The search index is PostgreSQL's (SQLite matches substrings).")


def found(query: str, language: str = "fi") -> set[str]:
    with translation.override(language):
        _page, hits = site_search(query=query, language=language).page(1)
    return {hit.title.text for hit in hits}


def test_publish_and_withdraw_through_the_services(postgres):
    pledge = PledgeFactory(title_fi="Kirjastokahvila", status=Entry.Status.IN_REVIEW)
    assert found("kirjastokahvila") == set()
    services.entry_publish(entry=pledge, by=None)
    assert found("kirjastokahvila") == {"Kirjastokahvila"}
    services.entry_withdraw(entry=pledge, by=None)
    assert found("kirjastokahvila") == set()
    assert not SearchEntry.objects.filter(kind="pledge", object_id=pledge.pk).exists()


def test_an_edit_is_searchable_at_once_and_the_old_words_are_gone(postgres):
    pledge = PledgeFactory(title_fi="Kirjastokahvila", title_sv="Bibliotekskafé")
    pledge.title_fi = "Lukupiiri"
    pledge.save()
    assert found("kirjastokahvila") == set()
    assert found("lukupiiri") == {"Lukupiiri"}
    assert found("bibliotekskafé", "sv") == {"Bibliotekskafé"}


def test_consent_withdrawn_on_the_submission_takes_its_entries_out(postgres):
    submission = SubmissionFactory()
    PledgeFactory(title_fi="Kirjastokahvila", submission=submission)
    assert found("kirjastokahvila") == {"Kirjastokahvila"}
    submission.consent_to_publish = False
    submission.save()
    assert found("kirjastokahvila") == set()


def test_deleted_objects_leave_the_index(postgres):
    pledge = PledgeFactory(title_fi="Kirjastokahvila")
    event = EventFactory(title_fi="Kirjastokahvilan avajaiset")
    pledge.delete()
    event.delete()
    assert found("kirjastokahvila") == set()
    assert SearchEntry.objects.count() == 0


def test_a_rolled_back_write_leaves_the_index_as_it_was(postgres):
    pledge = PledgeFactory(title_fi="Kirjastokahvila")
    with pytest.raises(RuntimeError), transaction.atomic():
        pledge.title_fi = "Lukupiiri"
        pledge.save()
        raise RuntimeError
    assert found("kirjastokahvila") == {"Kirjastokahvila"}
    assert found("lukupiiri") == set()


def test_news_are_indexed_before_they_are_out_and_shown_per_language(postgres):
    now = timezone.now()
    NewsItem.objects.create(
        title_fi="Kirjastoauto",
        title_sv="Bokbussen",
        published_fi=now - timedelta(hours=1),
        published_sv=now + timedelta(hours=1),
    )
    NewsItem.objects.create(title_fi="Kirjastoauto luonnos")  # no publication time: not indexed
    assert SearchEntry.objects.filter(kind="news").count() == 1
    assert found("kirjastoauto") == {"Kirjastoauto"}
    assert found("bokbussen", "sv") == set()


def test_a_refresh_repairs_writes_that_sent_no_signal(postgres):
    kept = PledgeFactory(title_fi="Kirjastokahvila yksi")
    hidden = PledgeFactory(title_fi="Kirjastokahvila kaksi")
    Pledge.objects.filter(pk=hidden.pk).update(status=Entry.Status.WITHDRAWN)
    Pledge.objects.filter(pk=kept.pk).update(title_fi="Lukupiiri yksi")
    # Until the refresh the stale rows are in the index, yet the withdrawn entry is never
    # shown: hits are loaded through the public selector.
    assert "Kirjastokahvila kaksi" not in found("kirjastokahvila")
    assert index_refresh()["pledge"] == 1
    assert found("lukupiiri") == {"Lukupiiri yksi"}
    assert found("kirjastokahvila") == set()
    assert set(SearchEntry.objects.values_list("object_id", flat=True)) == {kept.pk}


def test_the_command_and_the_refresh_leave_unchanged_rows_alone(postgres):
    PledgeFactory(title_fi="Kirjastokahvila")
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM search_searchentry")
        before = cursor.fetchone()[0]
        call_command("search_index", verbosity=0)
        cursor.execute("SELECT xmin::text FROM search_searchentry")
        assert cursor.fetchone()[0] == before


def test_every_source_is_in_the_index_after_a_refresh(postgres):
    PledgeFactory(title_fi="Kielikahvila")
    EventFactory(title_fi="Kielikahvila-ilta")
    NewsItem.objects.create(title_fi="Kielikahvila alkaa", published_fi=timezone.now())
    SearchEntry.objects.all().delete()
    counts = index_refresh()
    assert counts == {
        "pledge": 1,
        "initiative": 0,
        "event": 1,
        "news": 1,
        "barometer": 0,
        "measure": 0,
    }
    assert found("kielikahvila") == {"Kielikahvila", "Kielikahvila-ilta", "Kielikahvila alkaa"}
