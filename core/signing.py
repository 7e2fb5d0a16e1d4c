"""Signed private links: the one way every app makes and reads them.

A private link (a submitter's status page, a partner's answer, a subscriber's unsubscribe,
a participant's cancellation) carries one object id, signed with the site's secret and a
salt of its own purpose, so a link made for one purpose is useless for every other. Some
purposes expire (`max_age`), others must work from any old mail. The signature covers the
time the link was made (`issued_at`), so a link can be refused for what happened after it.

    STATUS_LINK = SignedLink("pledges.status")
    token = STATUS_LINK.make(submission.pk)
    submission_id = STATUS_LINK.read(token)   # raises BadToken

Tokens are Django's `signing.dumps` of the id. Links sent before the purposes met here
carried `{"r": id}` (event registrations): `read` accepts that form too, so no mail already
sent stops working.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing


class BadToken(Exception):
    """The link was tampered with, made for another purpose, or has expired."""


@dataclass(frozen=True)
class SignedLink:
    """One purpose of private links: its salt and how long its links work (None: always)."""

    salt: str
    max_age: timedelta | None = None

    def make(self, pk: int) -> str:
        return signing.dumps(int(pk), salt=self.salt, compress=False)

    def _load(self, token: str):
        try:
            return signing.loads(token, salt=self.salt, max_age=self.max_age)
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise BadToken(str(exc)) from exc

    def read(self, token: str) -> int:
        """The id a link carries; raises BadToken (also when it has expired)."""
        value = self._load(token)
        if isinstance(value, dict) and set(value) == {"r"}:
            value = value["r"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadToken("not an id")
        return value

    @staticmethod
    def issued_at(token: str) -> datetime:
        """When a token (already checked by `read`) was made, to the second.

        Signed values end in ":<timestamp>:<signature>"; the timestamp is covered by the
        signature, so it cannot be moved forward without breaking the link.
        """
        try:
            timestamp = signing.b62_decode(token.rsplit(":", 2)[1])
        except (IndexError, ValueError) as exc:
            raise BadToken("no timestamp") from exc
        return datetime.fromtimestamp(timestamp, tz=UTC)


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class SignedPairLink(SignedLink):
    """A purpose whose links carry two ids, e.g. a pledge and one of its reporting periods
    (pledges.progress_services.REPORT_LINK); otherwise as SignedLink."""

    def make(self, first: int, second: int) -> str:  # type: ignore[override]
        return signing.dumps([int(first), int(second)], salt=self.salt, compress=False)

    def read(self, token: str) -> tuple[int, int]:  # type: ignore[override]
        """The two ids a link carries; raises BadToken (also when it has expired)."""
        value = self._load(token)
        if not isinstance(value, list) or len(value) != 2 or not all(map(_is_id, value)):
            raise BadToken("not a pair of ids")
        return value[0], value[1]
