"""Security log: staff logins, failed logins and log-outs go to the portal.security logger."""

import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("portal.security")


def _address_or_none(value: str) -> str | None:
    """The IP address in one X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:80", "[::1]:80")."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, the one key of the rate limits, the login lock-out and the log.

    With TRUSTED_PROXY_COUNT = 0 the header X-Forwarded-For is never read: anyone can write
    it. With N trusted proxies in front, each appends the address it received the request
    from, so the Nth entry from the right was written by our outermost proxy and is the
    client's; entries further left came from the client and are ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < proxies:
        # Reached us without passing through all the proxies (or a proxy that does not set
        # the header): the connection's own address is all that can be trusted.
        return remote
    return _address_or_none(entries[-proxies]) or remote


def client_address(request: HttpRequest | None) -> str:
    return (client_ip(request) or "-") if request is not None else "-"


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs) -> None:
    logger.info("login user=%s address=%s", user.get_username(), client_address(request))


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs) -> None:
    logger.warning(
        "login failed user=%s address=%s",
        credentials.get("username", "-"),
        client_address(request),
    )


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs) -> None:
    name = user.get_username() if user is not None else "-"
    logger.info("logout user=%s address=%s", name, client_address(request))
