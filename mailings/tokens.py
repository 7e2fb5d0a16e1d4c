"""Signed links in mail: confirm a subscription, manage preferences, unsubscribe.

Each purpose has its own salt, so a link made for one purpose is useless for another.
Confirmation links expire; unsubscribe and preference links work from any old mail.
"""

from datetime import UTC, datetime, timedelta

from django.core import signing

CONFIRM_MAX_AGE = timedelta(days=7)
_SALTS = {
    "confirm": "mailings.subscription.confirm",
    "manage": "mailings.subscription.manage",
    "unsubscribe": "mailings.subscription.unsubscribe",
}


class BadToken(Exception):
    """The link was tampered with, made for another purpose, or has expired."""


def token_make(purpose: str, subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=_SALTS[purpose], compress=False)


def token_read(purpose: str, token: str) -> int:
    max_age = CONFIRM_MAX_AGE if purpose == "confirm" else None
    try:
        value = signing.loads(token, salt=_SALTS[purpose], max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(value, int):
        raise BadToken("not a subscriber id")
    return value


def token_issued_at(token: str) -> datetime:
    """When a token (already checked by token_read) was made, to the second.

    Signed values end in ":<timestamp>:<signature>"; the timestamp is covered by the
    signature, so it cannot be moved forward without breaking the link.
    """
    try:
        timestamp = signing.b62_decode(token.rsplit(":", 2)[1])
    except (IndexError, ValueError) as exc:
        raise BadToken("no timestamp") from exc
    return datetime.fromtimestamp(timestamp, tz=UTC)
