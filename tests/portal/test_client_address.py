"""One client address for the rate limits, the login lock-out and the security log, with
TRUSTED_PROXY_COUNT proxies of our own in front (0: X-Forwarded-For is never believed)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from portal.security import client_ip
from tests.conftest import totp_device, totp_token

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the load balancer: REMOTE_ADDR of every request behind it
VISITOR_A = "203.0.113.10"
VISITOR_B = "198.51.100.20"
PASSWORD = "pitkä-ja-Vahva-salasana-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def request_with(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is anyone's to write and is never read.
        (0, VISITOR_A, "1.2.3.4", VISITOR_A),
        (0, VISITOR_A, None, VISITOR_A),
        # One proxy: the rightmost entry is the one it appended.
        (1, PROXY, VISITOR_A, VISITOR_A),
        (1, PROXY, f"1.2.3.4, {VISITOR_A}", VISITOR_A),
        (1, PROXY, f"1.2.3.4,{VISITOR_A}", VISITOR_A),
        (1, PROXY, f"{VISITOR_A}:51234", VISITOR_A),
        (1, PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        # Two proxies: the second from the right; what the client wrote stays ignored.
        (2, PROXY, f"1.2.3.4, {VISITOR_A}, 10.0.0.2", VISITOR_A),
        # Fewer entries than proxies, no header, or garbage: only REMOTE_ADDR is certain.
        (2, PROXY, VISITOR_A, PROXY),
        (1, PROXY, None, PROXY),
        (1, PROXY, "", PROXY),
        (1, PROXY, "unknown", PROXY),
        (1, PROXY, "<script>", PROXY),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_with(remote, forwarded)) == expected


def test_both_libraries_use_the_one_function(settings):
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _get_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = request_with(PROXY, f"1.2.3.4, {VISITOR_A}")
    assert _get_ip(request) == VISITOR_A
    assert get_client_ip_address(request) == VISITOR_A


def subscribe(client, *, remote: str, forwarded: str | None = None):
    with translation.override("fi"):
        path = reverse("newsletter:subscribe")
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(path, {"email": "x", "language": "fi"}, **extra)


def test_without_trusted_proxies_a_spoofed_header_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        subscribe(client, remote=VISITOR_A, forwarded=f"192.0.2.{n}").status_code for n in range(11)
    ]
    assert statuses[:10] == [400] * 10  # invalid form, but every sending counts
    assert statuses[10] == 429


def test_behind_one_proxy_each_visitor_has_their_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):
        assert subscribe(client, remote=PROXY, forwarded=VISITOR_A).status_code == 400
    assert subscribe(client, remote=PROXY, forwarded=VISITOR_A).status_code == 429
    # Writing another address in front does not help: the proxy appends the real one.
    assert subscribe(client, remote=PROXY, forwarded=f"1.2.3.4, {VISITOR_A}").status_code == 429
    # Another visitor behind the same proxy is not limited by the first one's sendings.
    assert subscribe(client, remote=PROXY, forwarded=VISITOR_B).status_code == 400


def log_in(client, password: str, *, remote: str, forwarded: str, token: str = ""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "kuraattori", "password": password, "otp_token": token},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(AXES_ENABLED=True)
def test_behind_one_proxy_the_lock_out_locks_only_the_attackers_address(
    client, settings, django_user_model
):
    settings.TRUSTED_PROXY_COUNT = 1
    staff = django_user_model.objects.create_superuser(
        username="kuraattori", email="kuraattori@example.fi", password=PASSWORD
    )
    device = totp_device(staff)
    for _ in range(5):
        log_in(client, "arvaus", remote=PROXY, forwarded=VISITOR_A)
    locked = log_in(client, PASSWORD, remote=PROXY, forwarded=VISITOR_A, token=totp_token(device))
    assert locked.status_code == 429
    # The staff member behind the same load balancer still gets in.
    allowed = log_in(client, PASSWORD, remote=PROXY, forwarded=VISITOR_B, token=totp_token(device))
    assert allowed.status_code == 302
    assert allowed["Location"] == "/admin/"


@override_settings(AXES_ENABLED=True)
def test_without_trusted_proxies_a_spoofed_header_does_not_escape_the_lock_out(
    client, settings, django_user_model
):
    settings.TRUSTED_PROXY_COUNT = 0
    staff = django_user_model.objects.create_superuser(
        username="kuraattori", email="kuraattori@example.fi", password=PASSWORD
    )
    device = totp_device(staff)
    for n in range(5):
        log_in(client, "arvaus", remote=VISITOR_A, forwarded=f"192.0.2.{n}")
    locked = log_in(
        client, PASSWORD, remote=VISITOR_A, forwarded="192.0.2.99", token=totp_token(device)
    )
    assert locked.status_code == 429
