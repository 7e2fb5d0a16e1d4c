"""Signed private links: the submitter's status page, the submitter's address confirmation
and a partner's confirm/decline page.

Each purpose has its own salt, so a link made for one purpose is useless for the others.
The status link works from any old mail (a submitter may come back months later); the
address confirmation and a partner invitation expire after a campaign's typical lifetime.
"""

from datetime import timedelta

from django.core import signing

STATUS_SALT = "pledges.status"
PARTNER_SALT = "pledges.partner"
PARTNER_MAX_AGE = timedelta(days=180)
CONFIRM_SALT = "pledges.confirm-contact"
CONFIRM_MAX_AGE = timedelta(days=180)


class BadToken(Exception):
    """The link was tampered with, made for another purpose, or has expired."""


def _make(value: int, salt: str) -> str:
    return signing.dumps(value, salt=salt, compress=False)


def _read(token: str, salt: str, max_age: timedelta | None) -> int:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken(str(exc)) from exc
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadToken("not an id")
    return value


def status_token_make(submission_id: int) -> str:
    return _make(submission_id, STATUS_SALT)


def status_token_read(token: str) -> int:
    """The submission id in a status link; raises BadToken."""
    return _read(token, STATUS_SALT, None)


def partner_token_make(partner_id: int) -> str:
    return _make(partner_id, PARTNER_SALT)


def partner_token_read(token: str) -> int:
    """The partner id in an invitation link; raises BadToken (also when expired)."""
    return _read(token, PARTNER_SALT, PARTNER_MAX_AGE)


def confirm_token_make(submission_id: int) -> str:
    return _make(submission_id, CONFIRM_SALT)


def confirm_token_read(token: str) -> int:
    """The submission id in the receipt's confirm link; raises BadToken (also when expired)."""
    return _read(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
