"""What the SMTP server receives, byte for byte: headers that parsing would hide."""

import re

import pytest

from mailings.services import announcement_queue
from tests.mailings.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

# As long as production's: every unsubscribe URL is far beyond the 78-character line.
LONG_SITE_URL = "https://kumppanuusohjelma.tyoministerio-esimerkki.fi"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.MAILINGS_RATE_LIMIT_PER_SECOND = 0


def raw_header(raw: bytes, name: bytes) -> bytes:
    """One header as it was on the wire, continuation lines included."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    match = re.search(rb"^" + re.escape(name) + rb":.*?(?=\r\n[^ \t]|\Z)", head, re.M | re.S)
    assert match, f"{name!r} not in {head!r}"
    return match.group(0)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_list_unsubscribe_is_plain_on_the_wire_for_one_click(
    smtp_server, settings, django_capture_on_commit_callbacks, language
):
    settings.SITE_URL = LONG_SITE_URL
    subscriber = SubscriberFactory(email="pitka.osoite@example.fi", language=language)
    with django_capture_on_commit_callbacks(execute=True):
        announcement_queue(
            topic="newsletter",
            subjects={
                "fi": "Syksyn tapahtumat: Äänestä ja tule mukaan",
                "sv": "Höstens träff på Åland",
            },
            bodies={"fi": "Teksti", "sv": "Text"},
            dedupe_key="wire",
        )
    [raw] = smtp_server.raw
    unsubscribe = raw_header(raw, b"List-Unsubscribe")
    # One line, unencoded, the URL whole: what RFC 8058 mail programs look for.
    assert unsubscribe.startswith(b"List-Unsubscribe: <" + LONG_SITE_URL.encode() + b"/")
    assert b"=?" not in unsubscribe
    assert b"\r\n" not in unsubscribe
    assert len(unsubscribe) > 78
    assert unsubscribe.endswith(b">")
    assert raw_header(raw, b"List-Unsubscribe-Post") == (
        b"List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    )
    # The parsed header is the link to this subscriber's one-click unsubscribe.
    [mail] = smtp_server.messages
    assert mail["List-Unsubscribe"] == f"<{unsubscribe[19:-1].decode()}>"
    assert f"/{language}/" in mail["List-Unsubscribe"]
    # Other headers are still encoded as RFC 2047 asks: the Subject with ä, ö and å.
    subject = raw_header(raw, b"Subject")
    assert b"=?utf-8?" in subject
    assert not re.search(rb"[^\x00-\x7f]", raw.split(b"\r\n\r\n", 1)[0])
    expected = (
        "Syksyn tapahtumat: Äänestä ja tule mukaan"
        if language == "fi"
        else "Höstens träff på Åland"
    )
    assert mail["Subject"] == expected
    assert subscriber.email in mail["To"]
