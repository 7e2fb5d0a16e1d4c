"""Hole punching in the page cache (portal/page_cache.py): the public form pages are stored
once with the CSRF token punched out, and every visitor gets a fresh token of their own, as
Django would give it, with which the form really can be sent (CSRF checks enforced)."""

import gzip
import pickle

import pytest
import redis as redis_lib
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.utils import translation

from events.models import Registration
from mailings.models import Subscriber
from pledges.models import PartnerInterest
from portal import page_cache
from portal.models import AccessibilityFeedback
from tests.events.factories import EventFactory
from tests.pledges.factories import InitiativeFactory
from tests.portal.test_page_cache import (  # noqa: F401 - the autouse fixture turns the cache on
    CSRF_INPUT,
    _page_cache_on,
    url,
)

pytestmark = pytest.mark.django_db


def form_pages() -> dict[str, str]:
    """The public form pages, with the content they need."""
    event = EventFactory()
    initiative = InitiativeFactory()
    return {
        "events:register": url("events:register", pk=event.pk),
        "initiatives:join": url("initiatives:join", pk=initiative.pk),
        "newsletter:subscribe": url("newsletter:subscribe"),
        "accessibility": url("accessibility"),
    }


def token_of(response) -> str:
    found = CSRF_INPUT.findall(response.content)
    assert found, "the page should carry a form"
    assert len(set(found)) == 1
    return found[0].decode()


def stored_entry(path: str) -> dict:
    entry = cache.get(page_cache.cache_key(RequestFactory().get(path)))
    assert entry is not None, f"{path} should be stored"
    return entry


def assert_private(response) -> None:
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]
    assert "ETag" not in response
    assert "Last-Modified" not in response
    assert "Content-Encoding" not in response


def register(client: Client, path: str, token: str, email: str):
    return client.post(
        path,
        {
            "csrfmiddlewaretoken": token,
            "name": "Sanna Esimerkki",
            "email": email,
            "organisation": "Esimerkkiyhdistys ry",
            "language": "fi",
            "needs": "",
            "website": "",
        },
    )


# --- stored once, a token of their own for everyone ------------------------------------------


@pytest.mark.parametrize(
    "name", ["events:register", "initiatives:join", "newsletter:subscribe", "accessibility"]
)
def test_a_form_page_is_stored_without_a_token_and_every_visitor_gets_their_own(name):
    path = form_pages()[name]
    first = Client(enforce_csrf_checks=True).get(path)
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    assert_private(first)
    first_token = token_of(first)
    first_secret = first.cookies["csrftoken"].value
    assert _unmask_cipher_token(first_token) == first_secret

    entry = stored_entry(path)
    assert entry["csrf_hole"] is True
    assert entry["gzip"] is None and entry["etag"] is None
    assert page_cache.CSRF_PLACEHOLDER in entry["body"]
    assert first_token.encode() not in entry["body"]
    assert first_secret.encode() not in entry["body"]
    assert not any(k.lower() == "set-cookie" for k, _v in entry["headers"])

    hits = [
        Client(enforce_csrf_checks=True).get(path, headers={"Accept-Encoding": "gzip"})
        for _ in range(2)
    ]
    tokens = {first_token}
    secrets = {first_secret}
    for hit in hits:
        assert hit.status_code == 200
        assert hit["X-Page-Cache"] == "hit"
        assert_private(hit)
        assert page_cache.CSRF_PLACEHOLDER not in hit.content
        token = token_of(hit)
        secret = hit.cookies["csrftoken"].value
        assert _unmask_cipher_token(token) == secret
        tokens.add(token)
        secrets.add(secret)
        # The rest of the page is the stored one.
        assert hit.content.replace(token.encode(), page_cache.CSRF_PLACEHOLDER) == entry["body"]
    assert len(tokens) == 3 and len(secrets) == 3, "no two visitors share a token"


def test_a_hit_sets_the_csrf_cookie_exactly_as_django_does(settings):
    settings.CSRF_COOKIE_AGE = 3600
    settings.CSRF_COOKIE_SAMESITE = "Strict"
    settings.CSRF_COOKIE_SECURE = True
    settings.CSRF_COOKIE_HTTPONLY = True
    settings.CSRF_COOKIE_PATH = "/fi/"
    path = url("newsletter:subscribe")
    rendered = Client().get(path).cookies["csrftoken"]
    hit = Client().get(path)
    assert hit["X-Page-Cache"] == "hit"
    cookie = hit.cookies["csrftoken"]
    for attribute in ("max-age", "path", "domain", "secure", "httponly", "samesite"):
        assert cookie[attribute] == rendered[attribute], attribute
    assert (cookie["max-age"], cookie["samesite"], cookie["path"]) == (3600, "Strict", "/fi/")
    assert cookie["secure"] and cookie["httponly"]


def test_a_head_request_is_answered_from_the_entry_without_a_body():
    path = url("newsletter:subscribe")
    Client().get(path)
    head = Client().head(path)
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head.cookies["csrftoken"].value
    assert_private(head)


def test_text_that_looks_like_the_placeholder_is_never_filled_with_a_token():
    initiative = InitiativeFactory(
        title_fi="Katso <page-cache:csrf-token/> ja kerro meille.",
        partners_sought_fi="Kumppaneita: <page-cache:csrf-token/>",
    )
    path = url("initiatives:join", pk=initiative.pk)
    Client().get(path)
    hit = Client().get(path)
    assert hit["X-Page-Cache"] == "hit"
    token = token_of(hit)
    assert hit.content.count(token.encode()) == len(CSRF_INPUT.findall(hit.content))
    assert b"&lt;page-cache:csrf-token/&gt;" in hit.content


def test_with_csrf_in_sessions_form_pages_are_not_stored(settings):
    settings.CSRF_USE_SESSIONS = True
    path = url("accessibility")
    Client().get(path)
    again = Client().get(path)
    assert "X-Page-Cache" not in again
    assert cache.get(page_cache.cache_key(RequestFactory().get(path))) is None


def test_private_form_pages_stay_out_of_the_cache():
    """The newsletter preference page is behind a private link: never stored, punched or not."""
    path = url("newsletter:manage", token="not-a-valid-token")
    Client().get(path)
    again = Client().get(path)
    assert "X-Page-Cache" not in again


# --- the real form flow ----------------------------------------------------------------------


def test_a_first_time_visitor_registers_with_the_token_from_a_hit_and_the_places_update():
    event = EventFactory(capacity=2)
    path = url("events:register", pk=event.pk)
    with translation.override("fi"):
        detail_path = event.get_absolute_url()
    assert "2 paikkaa jäljellä".encode() in Client().get(detail_path).content
    Client().get(path)  # stored

    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert page["X-Page-Cache"] == "hit"
    response = register(visitor, path, token_of(page), "sanna@example.fi")
    assert response.status_code == 302, response.content[:500]
    assert Registration.objects.get(email="sanna@example.fi").status == "confirmed"

    # The registration bumped the events topic: the next request shows it.
    detail = Client().get(detail_path)
    assert "X-Page-Cache" not in detail
    assert "1 paikka jäljellä".encode() in detail.content
    assert "1 paikka jäljellä".encode() in Client().get(detail_path).content


def test_a_visitor_with_a_csrf_cookie_keeps_their_secret_and_can_send_the_form():
    event = EventFactory(capacity=1)
    path = url("events:register", pk=event.pk)
    Client().get(path)  # stored

    visitor = Client(enforce_csrf_checks=True)
    visitor.get(url("newsletter:subscribe"))  # any form page gives the cookie
    secret = visitor.cookies["csrftoken"].value
    page = visitor.get(path)
    assert page["X-Page-Cache"] == "hit"
    token = token_of(page)
    assert _unmask_cipher_token(token) == secret
    # As get_token() does: the same secret is sent again to renew the cookie.
    assert page.cookies["csrftoken"].value == secret
    response = register(visitor, path, token, "sanna@example.fi")
    assert response.status_code == 302
    assert Registration.objects.filter(email="sanna@example.fi").exists()

    # The event is full now: the next visitor is offered the waiting list, from a fresh page.
    full = Client().get(path)
    assert "X-Page-Cache" not in full
    assert "Tapahtuma on täynnä.".encode() in full.content


def test_a_malformed_csrf_cookie_is_replaced_and_the_form_still_works():
    event = EventFactory()
    path = url("events:register", pk=event.pk)
    Client().get(path)
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["csrftoken"] = "not a token!"
    page = visitor.get(path)
    assert page["X-Page-Cache"] == "hit"
    secret = page.cookies["csrftoken"].value
    assert secret != "not a token!"
    assert _unmask_cipher_token(token_of(page)) == secret
    assert register(visitor, path, token_of(page), "matti@example.fi").status_code == 302


def test_a_post_without_the_cookie_is_still_refused():
    """Punching changes nothing in the check: a token from a hit without its cookie fails."""
    event = EventFactory()
    path = url("events:register", pk=event.pk)
    Client().get(path)
    page = Client().get(path)
    stranger = Client(enforce_csrf_checks=True)
    assert register(stranger, path, token_of(page), "x@example.fi").status_code == 403
    assert not Registration.objects.filter(email="x@example.fi").exists()


@pytest.mark.parametrize(
    ("name", "data", "saved"),
    [
        (
            "newsletter:subscribe",
            {
                "email": "tilaaja@example.fi",
                "language": "fi",
                "topics": ["newsletter"],
                "consent": "on",
            },
            lambda: Subscriber.objects.filter(email="tilaaja@example.fi").exists(),
        ),
        (
            "accessibility",
            {"message": "Kontrasti on liian heikko.", "page": "", "name": "", "email": ""},
            lambda: AccessibilityFeedback.objects.exists(),
        ),
        (
            "initiatives:join",
            {
                "organisation_name": "Esimerkki Oy",
                "contact_name": "Sanna Esimerkki",
                "email": "sanna@example.fi",
                "message": "Haluamme mukaan mentoroimaan.",
            },
            lambda: PartnerInterest.objects.exists(),
        ),
    ],
)
def test_the_other_forms_accept_the_token_from_a_hit(name, data, saved):
    path = form_pages()[name]
    Client().get(path)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert page["X-Page-Cache"] == "hit"
    response = visitor.post(path, {**data, "csrfmiddlewaretoken": token_of(page)})
    assert response.status_code == 302, response.content[:500]
    assert saved()


# --- a shared Redis cache ----------------------------------------------------------------------


def test_the_entry_in_redis_holds_no_token(settings, redis_url):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    server = redis_lib.Redis.from_url(redis_url)
    server.flushdb()
    event = EventFactory()
    path = url("events:register", pk=event.pk)

    first = Client(enforce_csrf_checks=True).get(path, headers={"Accept-Encoding": "gzip"})
    first_token = token_of(first)
    first_secret = first.cookies["csrftoken"].value
    (key,) = server.keys(f"*{page_cache.KEY_PREFIX}*")
    raw = server.get(key)
    body = pickle.loads(raw)["body"]
    for secret_bytes in (first_token.encode(), first_secret.encode()):
        assert secret_bytes not in raw
        assert secret_bytes not in body
    assert page_cache.CSRF_PLACEHOLDER in body

    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path, headers={"Accept-Encoding": "gzip"})
    assert page["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in page
    token = token_of(page)
    assert token != first_token
    assert token.encode() not in server.get(key)
    assert register(visitor, path, token, "redis@example.fi").status_code == 302
    # Other public pages are still gzipped from Redis.
    home = url("home")
    Client().get(home)
    packed = Client().get(home, headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content)
