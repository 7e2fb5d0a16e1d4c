"""The page cache (portal/page_cache.py): anonymous public pages are rendered once per
content version, every change shows at the next request, nobody's CSRF token or personal
page is ever served to someone else, and only secret-free responses are gzipped."""

import gzip
import re
from datetime import timedelta

import pytest
import redis as redis_lib
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.content_versions import PREFIX
from events.services import registration_cancel
from news.models import NewsItem
from pledges.models import Entry, Pledge
from pledges.services import entry_publish, entry_withdraw
from portal import page_cache
from tests.events.factories import EventFactory, RegistrationFactory
from tests.pledges.factories import CampaignFactory, PledgeFactory, SubmissionFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_TIMEOUT = 600


def url(name: str, lang: str = "fi", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def entry_url(entry, lang: str = "fi") -> str:
    with translation.override(lang):
        return entry.get_absolute_url()


def sitemap_pages(client) -> bytes:
    """The sitemap index and every section page it lists, as one text."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    text = index.content
    for location in re.findall(rb"<loc>http://testserver(/[^<]+)</loc>", index.content):
        text += client.get(location.decode()).content
    return text


def theme() -> Theme:
    return Theme.objects.order_by("pk").first()


def published_pledge(title: str):
    pledge = PledgeFactory(title_fi=title)
    pledge.themes.add(theme())
    return pledge


def pledge_pages(pledge) -> list[str]:
    with translation.override("fi"):
        return [
            url("home"),
            url("pledges:list"),
            url("pledges:feed"),
            theme().get_absolute_url(),
            url("search:search") + "?q=kielikahvila",
        ]


# --- hits and misses ------------------------------------------------------------------------


def test_second_request_is_served_without_a_query(client, django_assert_num_queries):
    pledge = published_pledge("Lupaamme järjestää kielikahvilan")
    event = EventFactory()
    paths = [
        *pledge_pages(pledge),
        entry_url(pledge),
        url("events:list"),
        url("events:calendar"),
        entry_url(event),
        url("news:list"),
        url("news:feed"),
        url("themes:list"),
        url("programmes:programme"),
        url("privacy", "sv"),
        "/sitemap.xml",
        "/robots.txt",
    ]
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):
            second = client.get(path)
        assert second.status_code == 200, path
        assert second.content == first.content, path
        assert second["Content-Type"] == first["Content-Type"], path
        assert second["ETag"] == first["ETag"], path


def test_a_copy_kept_in_this_process_never_outlives_a_change_made_elsewhere(client):
    """Another web process changes a pledge: it bumps the version in the shared cache only,
    and this process's own copy of the page must not be served after that."""
    pledge = published_pledge("Lupaamme järjestää kielikahvilan")
    path = url("pledges:list")
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    # The other process's write, without this process's signals...
    Pledge.objects.filter(pk=pledge.pk).update(title_fi="Toisen prosessin otsikko")
    assert "Toisen prosessin otsikko" not in client.get(path).content.decode()
    # ...and its bump, which reaches this process only through the shared cache.
    page_cache.cache.incr(f"{PREFIX}pledges")
    page = client.get(path)
    assert "X-Page-Cache" not in page
    assert "Toisen prosessin otsikko" in page.content.decode()


def test_the_cache_can_be_switched_off(client, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_TIMEOUT = 0
    client.get(url("themes:list"))
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        client.get(url("themes:list"))


def test_query_string_and_language_are_separate_pages(client):
    PledgeFactory(title_fi="Lupaamme järjestää kielikahvilan")
    PledgeFactory(title_fi="Lupaamme järjestää lukupiirin")
    search = url("search:search")
    first = client.get(search + "?q=kielikahvilan")
    second = client.get(search + "?q=lukupiirin")
    assert b"kielikahvilan" in first.content
    assert b"lukupiirin" in second.content
    assert first.content != second.content
    assert client.get(url("home", "sv"))["Content-Language"] == "sv"
    assert client.get(url("home", "fi"))["Content-Language"] == "fi"


def test_head_is_served_from_the_cache_without_a_body(client, django_assert_num_queries):
    path = url("themes:list")
    got = client.get(path)
    with django_assert_num_queries(0):
        head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert head["ETag"] == got["ETag"]
    assert head["Content-Type"] == got["Content-Type"]


# --- conditional GET ------------------------------------------------------------------------


def test_if_none_match_answers_304(client, django_assert_num_queries):
    path = url("home")
    first = client.get(path)
    assert first["ETag"]
    assert first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    with django_assert_num_queries(0):
        again = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_fresh_page_carries_an_etag_even_with_the_cache_off(client, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    first = client.get(url("home"))
    assert first["ETag"]
    assert client.get(url("home"), headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_change_gives_a_new_etag(client):
    pledge = published_pledge("Lupaamme järjestää kielikahvilan")
    path = url("pledges:list")
    before = client.get(path)
    pledge.title_fi = "Lupaamme järjestää lukupiirin"
    pledge.save()
    after = client.get(path, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


# --- invalidation ---------------------------------------------------------------------------


def test_an_edited_pledge_shows_on_every_cached_page_at_once(
    client, django_capture_on_commit_callbacks
):
    pledge = published_pledge("Lupaamme järjestää kielikahvilan")
    paths = [*pledge_pages(pledge), entry_url(pledge)]
    for path in paths:
        assert b"kielikahvilan" in client.get(path).content, path
    sitemap_before = sitemap_pages(client)

    # (The search index is updated after the commit.)
    with django_capture_on_commit_callbacks(execute=True):
        pledge.title_fi = "Lupaamme järjestää kielikahvilan ja lukupiirin"
        pledge.save()

    for path in paths:  # (the detail page's old address redirects to the new slug)
        assert b"lukupiirin" in client.get(path, follow=True).content, path
    assert sitemap_pages(client) != sitemap_before  # the slug is part of the address


def test_a_published_pledge_appears_and_a_withdrawn_one_disappears(client, admin_user):
    theme_path = theme().get_absolute_url()
    draft = PledgeFactory(
        title_fi="Lupaamme avata kotoutumiskahvilan",
        status=Entry.Status.SUBMITTED,
        published_at=None,
    )
    draft.themes.add(theme())
    pages = [url("home"), url("pledges:list"), url("pledges:feed"), theme_path]
    for path in pages:
        assert b"kotoutumiskahvilan" not in client.get(path).content, path
    sitemap = sitemap_pages(client)

    entry_publish(entry=draft, by=admin_user)

    for path in pages:
        assert b"kotoutumiskahvilan" in client.get(path).content, path
    assert client.get(entry_url(draft)).status_code == 200
    assert sitemap_pages(client) != sitemap

    entry_withdraw(entry=draft)

    for path in pages:
        assert b"kotoutumiskahvilan" not in client.get(path).content, path
    assert client.get(entry_url(draft)).status_code == 404


def test_a_withdrawn_consent_hides_the_organisation_name(client):
    submission = SubmissionFactory(organisation__name="Näkyvä yhdistys ry")
    pledge = PledgeFactory(submission=submission)
    path = entry_url(pledge)
    before = client.get(path).content
    submission.consent_to_publish = False
    submission.save()
    assert client.get(path).content != before


def test_a_new_event_and_a_freed_place_show_at_once(client):
    event = EventFactory(title_fi="Kumppanuusilta", capacity=2)
    RegistrationFactory(event=event)
    taken = RegistrationFactory(event=event)
    list_path, calendar_path, detail_path = (
        url("events:list"),
        url("events:calendar"),
        entry_url(event),
    )
    assert "Täynnä".encode() in client.get(detail_path).content
    client.get(list_path)
    client.get(calendar_path)

    EventFactory(title_fi="Uusi verkostotapaaminen")
    assert b"Uusi verkostotapaaminen" in client.get(list_path).content
    assert b"Uusi verkostotapaaminen" in client.get(calendar_path).content

    registration_cancel(registration_id=taken.pk)
    detail = client.get(detail_path).content
    assert "Täynnä".encode() not in detail
    assert "1 paikka jäljellä".encode() in detail


def test_an_edited_news_item_shows_at_once(client):
    item = NewsItem.objects.create(
        title_fi="Haku alkaa", lead_fi="Ingressi.", published_fi=timezone.now() - timedelta(hours=1)
    )
    paths = [url("news:list"), url("news:feed"), entry_url(item), url("home")]
    for path in paths:
        assert b"Haku alkaa" in client.get(path).content, path
    item.title_fi = "Haku on alkanut"
    item.save()
    for path in paths:
        response = client.get(path, follow=True)
        assert b"Haku on alkanut" in response.content, path


# --- never anyone else's page ---------------------------------------------------------------


FORM_PAGES = ["accessibility", "participate:form", "newsletter:subscribe"]


@pytest.mark.parametrize("name", FORM_PAGES)
def test_a_form_page_never_serves_one_visitors_csrf_token_to_another(name, settings):
    CampaignFactory()
    path = url(name)
    first, second = Client(), Client()
    one = first.get(path)
    two = second.get(path)
    token_one, token_two = CSRF_INPUT.search(one.content), CSRF_INPUT.search(two.content)
    assert token_one and token_two, "the page should carry a form"
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    assert token_one.group(1) != token_two.group(1)
    # And the page is neither stored nor compressed.
    assert "ETag" not in two
    third = Client().get(path, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in third
    assert CSRF_INPUT.search(third.content)


def test_event_registration_and_initiative_join_pages_never_share_a_token():
    """Stored with the token punched out (tests/portal/test_page_cache_forms.py), yet every
    visitor gets a token of their own."""
    from tests.pledges.factories import InitiativeFactory

    event = EventFactory()
    initiative = InitiativeFactory()
    for path in [url("events:register", pk=event.pk), url("initiatives:join", pk=initiative.pk)]:
        one, two = Client().get(path), Client().get(path)
        token_one, token_two = CSRF_INPUT.search(one.content), CSRF_INPUT.search(two.content)
        assert token_one and token_two, path
        assert token_one.group(1) != token_two.group(1), path


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_an_initiative_page_is_cached_whole_now_that_its_form_has_a_page_of_its_own(
    lang, django_assert_num_queries
):
    from tests.pledges.factories import InitiativeFactory

    initiative = InitiativeFactory(seeking_partners=True)
    path = entry_url(initiative, lang)
    first = Client().get(path)
    assert first.status_code == 200
    assert url("initiatives:join", lang, pk=initiative.pk).encode() in first.content
    with django_assert_num_queries(0):
        plain = Client().get(path)
        packed = Client().get(path, headers={"Accept-Encoding": "gzip"})
    for hit in (plain, packed):
        assert hit["X-Page-Cache"] == "hit"
        assert "ETag" in hit
        assert hit["Cache-Control"] == page_cache.DEFAULT_CACHE_CONTROL
        assert not hit.cookies
    assert packed["Content-Encoding"] == "gzip"
    body = gzip.decompress(packed.content)
    assert body == plain.content == first.content
    assert b"csrfmiddlewaretoken" not in body
    assert not CSRF_INPUT.search(body)


def test_a_logged_in_staff_member_neither_gets_nor_causes_cached_pages(
    admin_client, django_assert_max_num_queries
):
    path = url("pledges:list")
    anonymous = Client()
    anonymous.get(path)  # cached now
    staff = admin_client.get(path)
    assert staff.status_code == 200
    assert "ETag" not in staff  # rendered for them, not taken from the cache
    assert "public" not in staff.get("Cache-Control", "")

    other = url("themes:list")
    admin_client.get(other)  # must not be stored
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        anonymous.get(other)


def test_a_visitor_with_a_message_is_not_served_from_the_cache(client, rf):
    path = url("themes:list")
    client.get(path)
    # A flash message waiting in the messages cookie, as a redirect after a form leaves it.
    storage = CookieStorage(rf.get("/"))
    storage.add(message_levels.SUCCESS, "Kiitos viestistäsi")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response = client.get(path)
    assert "ETag" not in response


def test_private_links_are_never_stored(client):
    """A submitter's status link is in no public list: not stored, even if it answered 200."""
    response = client.get(url("participate:status", token="not-a-valid-token"))
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")


# --- compression ----------------------------------------------------------------------------


def test_public_pages_are_gzipped_for_clients_that_accept_it(client):
    path = url("home")
    plain = client.get(path)
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert packed["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in packed["Vary"]


def test_a_page_without_cache_is_still_gzipped_when_it_holds_no_secret(client, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    packed = client.get(url("home"), headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"


def test_static_files_keep_whitenoise_compression(client):
    response = client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "ETag" not in response or not response["ETag"].endswith('-gzip"')
    b"".join(response.streaming_content)


# --- a shared Redis cache -------------------------------------------------------------------


def test_two_web_processes_share_pages_through_redis(
    settings, redis_url, django_assert_num_queries
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    redis_lib.Redis.from_url(redis_url).flushdb()
    pledge = published_pledge("Lupaamme järjestää kielikahvilan")
    path = url("pledges:list")
    first = Client().get(path)
    assert b"kielikahvilan" in first.content
    stored = redis_lib.Redis.from_url(redis_url).keys(f"*{page_cache.KEY_PREFIX}*")
    assert stored, "the page should be in Redis"
    with django_assert_num_queries(0):
        second = Client().get(path, headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(second.content) == first.content

    pledge.title_fi = "Lupaamme järjestää lukupiirin"
    pledge.save()
    assert b"lukupiirin" in Client().get(path).content
