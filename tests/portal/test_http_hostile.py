"""Form bodies in charsets other than UTF-8, and bytes that are not UTF-8, get a 400 page in
the page's language, never a 500: through the test client with CSRF enforced, as a browser
meets it, and once over a real socket to the live server."""

import http.client
import re
from io import BytesIO
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Registration
from mailings.models import Subscriber
from pledges.models import Submission
from portal.models import AccessibilityFeedback
from tests.conftest import assert_valid_html
from tests.events.factories import EventFactory
from tests.pledges.factories import CampaignFactory

pytestmark = pytest.mark.django_db

# A well-formed CSRF secret, sent both as the cookie and as the form's token.
CSRF = "abcdefghijklmnopqrstuvwxyzABCDEF"
URLENCODED = "application/x-www-form-urlencoded"
HEADINGS = {"fi": "Pyyntöä ei voitu käsitellä", "sv": "Begäran kunde inte behandlas"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def targets() -> list[tuple[str, str]]:
    """(path, language) of every public form named in the issue, and the admin login."""
    CampaignFactory()
    event = EventFactory()
    paths = [("/admin/login/", "fi")]
    for lang in ("fi", "sv"):
        with translation.override(lang):
            paths += [
                (reverse("participate:form"), lang),
                (reverse("newsletter:subscribe"), lang),
                (reverse("events:register", kwargs={"pk": event.pk}), lang),
                (reverse("accessibility"), lang),
            ]
    return paths


def send(path: str, body: bytes, content_type: str, **headers):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF
    return client.generic("POST", path, body, content_type=content_type, **headers)


def assert_400_in(response, lang: str) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{HEADINGS[lang]}</h1>" in html
    # No trace of what could not be read, and nothing but the page's own markup.
    assert "Traceback" not in html


def nothing_saved() -> None:
    assert not Submission.objects.exists()
    assert not Subscriber.objects.exists()
    assert not Registration.objects.exists()
    assert not AccessibilityFeedback.objects.exists()


FORM_BODY = f"csrfmiddlewaretoken={CSRF}&name=M%E4ki&email=maki%40example.fi".encode("ascii")


@pytest.mark.parametrize(
    "charset", ["latin-1", "iso-8859-1", "utf-16", "utf-16-le", "cp1252", "x-nonsense", "base64"]
)
def test_urlencoded_form_in_another_charset_gets_400_in_the_page_language(targets, charset):
    for path, lang in targets:
        response = send(path, FORM_BODY, f"{URLENCODED}; charset={charset}")
        assert_400_in(response, lang)
    nothing_saved()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "x-nonsense"])
def test_multipart_form_in_another_charset_gets_400(targets, charset):
    body = (
        b"--xx\r\n"
        b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        + CSRF.encode()
        + b"\r\n--xx\r\n"
        b'Content-Disposition: form-data; name="name"\r\n\r\n\xff\xfeM\x00\r\n'
        b"--xx--\r\n"
    )
    for path, lang in targets:
        response = send(path, body, f"multipart/form-data; boundary=xx; charset={charset}")
        assert_400_in(response, lang)
    nothing_saved()


@pytest.mark.parametrize(
    "body",
    [
        FORM_BODY + b"&organisation_name=%FF%FE",  # escaped bytes that are not UTF-8
        FORM_BODY + b"&organisation_name=\xe4\xff",  # raw bytes that are not UTF-8
        FORM_BODY + b"&%C3=x",  # a truncated sequence in a field name
    ],
)
def test_bytes_that_are_not_utf8_in_a_utf8_form_get_400(targets, body):
    for path, lang in targets:
        for content_type in (URLENCODED, f"{URLENCODED}; charset=utf-8"):
            assert_400_in(send(path, body, content_type), lang)
    nothing_saved()


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_utf8_named_explicitly_is_read_normally(charset):
    CampaignFactory()
    with translation.override("sv"):
        path = reverse("participate:form")
    body = f"csrfmiddlewaretoken={CSRF}&organisation_name=%C3%85bo+Akademi".encode()
    response = send(path, body, f"{URLENCODED}; charset={charset}")
    # The incomplete form comes back with its errors and what was typed, in Swedish.
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert 'value="Åbo Akademi"' in html


def test_admin_login_answers_in_the_staff_members_language():
    response = send(
        "/admin/login/",
        FORM_BODY,
        f"{URLENCODED}; charset=latin-1",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert_400_in(response, "sv")


def wsgi_call(method: str, path: str, content_type: str, body: bytes = b"") -> tuple[str, str]:
    """One request through the application gunicorn serves (portal.wsgi), not the test
    client, whose own request class would hide what portal.wsgi changes."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from portal.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "q=kieli",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"csrftoken={CSRF}",
        "HTTP_HOST": "testserver",
        "wsgi.input": BytesIO(body),
    }
    setup_testing_defaults(environ)
    status = []
    # As the test client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, lambda s, headers, exc_info=None: status.append(s))
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status[0], content.decode()


@pytest.mark.parametrize("charset", ["base64", "rot13", "utf-16", "x-nonsense"])
def test_a_charset_on_a_get_request_does_not_break_the_page(charset):
    # Django builds the request with any codec's name and decodes the query string with
    # it while doing so; base64 and rot13 are codecs but not text encodings.
    with translation.override("fi"):
        path = reverse("search:search")
    status, html = wsgi_call("GET", path, f"text/plain; charset={charset}")
    assert status.startswith("200"), status
    assert 'value="kieli"' in html


@pytest.mark.parametrize("charset", ["base64", "rot13"])
def test_a_form_claiming_a_codec_that_is_no_text_encoding_gets_400(charset):
    CampaignFactory()
    with translation.override("sv"):
        path = reverse("participate:form")
    status, html = wsgi_call("POST", path, f"{URLENCODED}; charset={charset}", FORM_BODY)
    assert status.startswith("400"), status
    assert HEADINGS["sv"] in html
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_over_a_real_socket_latin1_form_gets_the_finnish_400(live_server):
    CampaignFactory()
    with translation.override("fi"):
        path = reverse("participate:form")
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body="csrfmiddlewaretoken=" + CSRF + "&organisation_name=M\xe4ki",
            headers={
                "Content-Type": f"{URLENCODED}; charset=latin-1",
                "Cookie": f"csrftoken={CSRF}",
            },
            encode_chunked=False,
        )
        response = connection.getresponse()
        html = response.read().decode()
    finally:
        connection.close()
    assert response.status == 400
    assert re.search(r'<html lang="fi"', html)
    assert HEADINGS["fi"] in html
    assert not Submission.objects.exists()


def test_the_400_and_403_pages_are_valid_html(tmp_path):
    pages = []
    for lang in ("fi", "sv"):
        with translation.override(lang):
            path = reverse("accessibility")
        response = send(path, FORM_BODY, f"{URLENCODED}; charset=utf-16")
        assert response.status_code == 400
        pages.append(response.content)
        refused = Client(enforce_csrf_checks=True).post(path, {"message": "x"})
        assert refused.status_code == 403
        pages.append(refused.content)
    assert_valid_html(pages, tmp_path)


def test_an_oversized_form_body_gets_400_in_the_page_language(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    with translation.override("sv"):
        path = reverse("newsletter:subscribe")
    body = FORM_BODY + b"&email=" + b"a" * 2000
    assert_400_in(send(path, body, URLENCODED), "sv")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_form_without_a_valid_csrf_token_gets_403_in_the_page_language(lang):
    CampaignFactory()
    with translation.override(lang):
        path = reverse("participate:form")
    # No cookie at all (blocked cookies), then a token that does not match the cookie.
    for cookie in ("", CSRF):
        client = Client(enforce_csrf_checks=True)
        if cookie:
            client.cookies["csrftoken"] = cookie
        response = client.post(path, {"csrfmiddlewaretoken": "x" * 32, "organisation_name": "A"})
        assert response.status_code == 403
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html
        heading = {"fi": "Lomaketta ei voitu lähettää", "sv": "Formuläret kunde inte skickas"}
        assert f"<h1>{heading[lang]}</h1>" in html
    assert not Submission.objects.exists()
