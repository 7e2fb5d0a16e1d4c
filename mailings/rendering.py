"""Render a delivery into a multipart mail in the recipient's language."""

import binascii
import email.policy
import logging
import re
import secrets
from collections import OrderedDict
from datetime import UTC, datetime
from email import quoprimime
from email.contentmanager import _encode_base64
from email.utils import make_msgid
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone

from core.text import one_line, xml_safe
from mailings.markdown import markdown_html, markdown_text
from mailings.models import SUBSCRIBER_LINKS, Delivery, Mailing

logger = logging.getLogger(__name__)

# Headers written as they are, on one line: RFC 8058 one-click unsubscribe needs the plain
# "<https://…>" form, but Python's email policies fold a value longer than the line length
# into RFC 2047 encoded words ("=?utf-8?q?=3Chttps…"), which mailbox providers do not
# decode for these headers. A URL has no whitespace to fold at, so one line (up to the
# 998-character limit of RFC 5322) is the only correct form.
VERBATIM_HEADERS = frozenset({"list-unsubscribe", "list-unsubscribe-post"})


class ListHeaderPolicy(email.policy.EmailPolicy):
    """An email policy that leaves the List-Unsubscribe headers unfolded and unencoded.

    Every other header (the Subject with ä and ö included) is folded and encoded as the
    policy it is made from would do it.
    """

    def _verbatim(self, name: str, value) -> str | None:
        line = f"{name}: {value}"
        # No CR or LF can be in the value: setting a header refuses them.
        if name.lower() in VERBATIM_HEADERS and line.isascii() and len(line) <= 998:
            return line + self.linesep
        return None

    def fold(self, name, value):
        return self._verbatim(name, value) or super().fold(name, value)

    def fold_binary(self, name, value):
        line = self._verbatim(name, value)
        return line.encode("ascii") if line else super().fold_binary(name, value)


class PortalEmailMessage(EmailMultiAlternatives):
    """A multipart mail whose List-Unsubscribe headers reach the wire unencoded."""

    def message(self, *, policy=email.policy.default):
        # The SMTP backend asks for email.policy.SMTP: keep its settings (CRLF line ends),
        # change only how the List-Unsubscribe headers are written.
        return super().message(policy=ListHeaderPolicy(**policy.__dict__))


def message_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def subscriber_links(*, subscriber_id: int, language: str) -> dict[str, str]:
    """The manage-preferences and one-click unsubscribe links every bulk mail carries."""
    return {
        "manage_url": absolute_url(
            language, "newsletter:manage", token=SUBSCRIBER_LINKS["manage"].make(subscriber_id)
        ),
        "unsubscribe_url": absolute_url(
            language,
            "newsletter:unsubscribe",
            token=SUBSCRIBER_LINKS["unsubscribe"].make(subscriber_id),
        ),
    }


def edition_language(mailing: Mailing, language: str) -> str:
    """The edition a recipient gets: their own language, or the other if theirs is missing.

    A newsletter is normally written in both languages. When staff send one with a single
    edition, readers of the other language get that edition with a note in their own
    language, rather than nothing (the mail and its content carry the right lang).
    """
    if mailing.subjects.get(language) and mailing.bodies.get(language):
        return language
    for code, _name in settings.LANGUAGES:
        if mailing.subjects.get(code) and mailing.bodies.get(code):
            return code
    return language


@lru_cache(maxsize=64)
def _edition(mailing_id: int, language: str, subject: str, body: str) -> tuple[str, str, str]:
    # Markdown is rendered once per mailing and language, not once per recipient.
    return subject, markdown_html(body), markdown_text(body)


def _mailing_context(delivery: Delivery, links: dict | None = None) -> tuple[str, dict]:
    mailing = delivery.mailing
    language = edition_language(mailing, delivery.language)
    subject, html, text = _edition(
        mailing.pk, language, mailing.subjects.get(language, ""), mailing.bodies.get(language, "")
    )
    context = {
        "subject": subject,
        "body_html": mark_safe(html),  # noqa: S308 - sanitised by nh3 in markdown_html
        "body_text": text,
        "edition_language": language,
        "edition_missing": language != delivery.language,
        "kind": mailing.kind,
    }
    if links is not None:
        context.update(links)
    elif delivery.subscriber_id:
        context.update(
            subscriber_links(subscriber_id=delivery.subscriber_id, language=delivery.language)
        )
    if hasattr(mailing, "newsletter"):
        context["archive_url"] = absolute_url(
            language, "newsletter:archive_detail", pk=mailing.newsletter.pk
        )
    return "mailing", context


def delivery_message(delivery: Delivery, *, links: dict | None = None) -> PortalEmailMessage:
    """The mail for a delivery: text and HTML, UTF-8 subject, its own Message-ID.

    Bulk mail (a mailing to a subscriber) also carries the one-click unsubscribe headers
    of RFC 8058, so mail programs can offer "unsubscribe" without opening any page.
    `links` replaces the subscriber's own links (BulkRenderer renders with placeholders).
    """
    template, extra = (
        _mailing_context(delivery, links) if delivery.mailing_id else (delivery.template, {})
    )
    context = {
        **delivery.context,
        **extra,
        "site_url": settings.SITE_URL,
        "recipient_email": delivery.to_email,
        "language": delivery.language,
    }
    base = f"email/{template}"
    with translation.override(delivery.language):
        # Stored text may carry control characters (typed before the forms refused them):
        # they would reach the subject header and the bodies raw, so they are dropped here.
        subject = one_line(render_to_string(f"{base}/subject.txt", context))
        text = xml_safe(render_to_string(f"{base}/body.txt", context))
        html = xml_safe(render_to_string(f"{base}/body.html", context))
    headers = {
        "Message-ID": delivery.message_id or make_msgid(domain=message_domain()),
        "Content-Language": delivery.language,
        "Auto-Submitted": "auto-generated",
    }
    if context.get("unsubscribe_url"):
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        headers["Precedence"] = "bulk"
    message = PortalEmailMessage(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_email],
        reply_to=[delivery.reply_to] if delivery.reply_to else None,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for attachment in delivery.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


# ---------------------------------------------------------------------------------------
# Bulk mail: one rendering per edition, personalised per recipient
# ---------------------------------------------------------------------------------------

# Placeholders for what differs between the recipients of one edition. Letters and digits
# only: HTML escaping, xml_safe() and one_line() leave them as they are.
_TO = "zqxrecipientzqx@placeholder.invalid"
_MESSAGE_ID = "<zqxmessageidzqx@placeholder.invalid>"
_TOKEN = "zqxtokenzqx"
_MANAGE = "https://zqxmanagezqx.invalid/"
_UNSUBSCRIBE = "https://zqxunsubscribezqx.invalid/"
_TO_B, _MANAGE_B, _UNSUBSCRIBE_B = (value.encode("ascii") for value in (_TO, _MANAGE, _UNSUBSCRIBE))
# Root headers that are written per mail; every other header is the same for the edition.
_PER_MAIL_HEADERS = frozenset({"to", "date", "message-id", "list-unsubscribe"})
SIMPLE_ADDRESS = re.compile(r"[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_SAFE_VALUE = re.compile(r"[A-Za-z0-9._~:/?#@!$()*+,;=%-]+")
_CRLF = b"\r\n"


def _wire_policy() -> email.policy.EmailPolicy:
    """The policy the SMTP backend serialises with (email.policy.SMTP) plus ListHeaderPolicy."""
    return ListHeaderPolicy(**email.policy.SMTP.__dict__)


def _smtp_date(now: datetime | None = None) -> datetime:
    """The Date Django's EmailMessage.message() would write now (to the second)."""
    tz = get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
    return (now or datetime.now(tz)).astimezone(tz).replace(microsecond=0)


class _Part:
    """One text part of the edition: its headers and its lines, few of them personal.

    The transfer encoding is chosen and applied as email.contentmanager._encode_text
    does (7bit or 8bit when every line is short, else the shorter of quoted-printable and
    base64 over the first ten lines), so the bytes equal those of the message built in
    full. Quoted-printable encodes line by line: the lines every recipient shares are
    encoded once, only the lines with a personal link are encoded per mail.
    """

    def __init__(self, part, policy) -> None:
        self.head_before: list[bytes] = []
        self.head_after: list[bytes] = []
        seen_cte = False
        for name, value in part.raw_items():
            if name.lower() == "content-transfer-encoding":
                seen_cte = True
                continue
            (self.head_after if seen_cte else self.head_before).append(
                policy.fold_binary(name, value)
            )
        if not seen_cte:
            raise ValueError("a text part without Content-Transfer-Encoding")
        self.charset = part.get_content_charset() or "utf-8"
        self.body = part.get_content()
        self.max_line = policy.max_line_length
        self.lines = self.body.encode(self.charset).splitlines()
        self.personal = [index for index, line in enumerate(self.lines) if b"zqx" in line]
        shared = [line for line in self.lines if b"zqx" not in line]
        self.shared_max = max((len(line) for line in shared), default=0)
        self.shared_ascii = all(line.isascii() for line in shared)
        self.qp = [
            None
            if b"zqx" in line
            else quoprimime.body_encode(line.decode("latin-1"), self.max_line)
            for line in self.lines
        ]
        self.sniff_personal = any(index < 10 for index in self.personal)
        self.sniff_cte = None if self.sniff_personal else self._sniff(self.lines[:10])

    def _qp_line(self, index: int, line: bytes) -> str:
        encoded = self.qp[index]
        if encoded is None:
            encoded = quoprimime.body_encode(line.decode("latin-1"), self.max_line)
        return encoded

    def _sniff(self, lines: list[bytes]) -> str:
        sniff = _CRLF.join(lines) + _CRLF
        qp_len = sum(
            len(quoprimime.body_encode(line.decode("latin-1"), self.max_line)) for line in lines
        ) + len(lines)
        return "base64" if qp_len > len(binascii.b2a_base64(sniff)) else "quoted-printable"

    def encode(self, values: dict[bytes, bytes]) -> bytes:
        """Headers and encoded body with `values` put in place of the placeholders."""
        lines = list(self.lines)
        for index in self.personal:
            line = lines[index]
            for placeholder, value in values.items():
                line = line.replace(placeholder, value)
            lines[index] = line
        longest = max([self.shared_max, *(len(lines[index]) for index in self.personal)])
        if longest <= self.max_line:
            ascii_only = self.shared_ascii and all(lines[i].isascii() for i in self.personal)
            cte = "7bit" if ascii_only else "8bit"
            payload = _CRLF.join(lines) + _CRLF
        else:
            cte = self._sniff(lines[:10]) if self.sniff_personal else self.sniff_cte
            if cte == "base64":
                encoded = _encode_base64(_CRLF.join(lines) + _CRLF, self.max_line)
                payload = encoded.replace("\n", "\r\n").encode("ascii")
            else:
                encoded = "\n".join(
                    [self._qp_line(index, line) for index, line in enumerate(lines)]
                )
                payload = encoded.replace("\n", "\r\n").encode("ascii") + _CRLF
        cte_line = f"Content-Transfer-Encoding: {cte}\r\n".encode("ascii")
        return b"".join([*self.head_before, cte_line, *self.head_after, _CRLF, payload])


class PreparedEdition:
    """One mailing in one recipient language, rendered once with placeholders.

    Templates, Markdown and MIME are the costly part of a mail; a newsletter differs
    between its readers only in the address, the Message-ID, the Date and the two signed
    links. `message_bytes()` fills these into the prepared parts and encodes the bodies
    the way Python's email package does, so a recipient gets the same bytes as from
    delivery_message(). The first mail of each edition is built both ways and compared;
    on any difference the edition falls back to the full rendering (`usable` False).
    """

    def __init__(self, mailing: Mailing, language: str) -> None:
        self.language = language
        self.usable = False
        self.verified = False
        self._dates: tuple[int, bytes] = (0, b"")
        self.manage = absolute_url(language, "newsletter:manage", token=_TOKEN).split(_TOKEN)
        self.unsubscribe = absolute_url(language, "newsletter:unsubscribe", token=_TOKEN).split(
            _TOKEN
        )
        stub = Delivery(
            kind=Delivery.Kind.BULK,
            mailing=mailing,
            language=language,
            template="mailing",
            to_email=_TO,
            message_id=_MESSAGE_ID,
        )
        message = delivery_message(
            stub, links={"manage_url": _MANAGE, "unsubscribe_url": _UNSUBSCRIBE}
        )
        self.from_email = message.from_email
        msg = message.message(policy=email.policy.SMTP)
        self.policy = msg.policy
        parts = list(msg.iter_parts()) if msg.get_content_type() == "multipart/alternative" else []
        if len(parts) != 2 or any(
            part.is_multipart() or part.get_content_maintype() != "text" for part in parts
        ):
            return
        self.boundary = f"{'=' * 15}{secrets.randbelow(10**19):019d}=="
        msg.set_boundary(self.boundary)
        self.head: list[bytes | str] = []
        for name, value in msg.raw_items():
            folded = self.policy.fold_binary(name, value)
            if name.lower() in _PER_MAIL_HEADERS:
                self.head.append(name.lower())
            elif b"zqx" in folded:
                return  # a placeholder where this class does not fill it in
            else:
                self.head.append(folded)
        self.parts = [_Part(part, self.policy) for part in parts]
        if any(self.boundary in part.body for part in self.parts):
            return
        self.usable = True

    def _date_line(self, date: datetime) -> bytes:
        second = int(date.timestamp())
        if self._dates[0] != second:
            header = self.policy.header_factory("Date", date)
            self._dates = (second, self.policy.fold_binary("Date", header))
        return self._dates[1]

    def _header(self, name: str, value: str) -> bytes:
        line = f"{name}: {value}"
        if len(line) <= self.policy.max_line_length and _SAFE_VALUE.fullmatch(value.strip("<>")):
            return line.encode("ascii") + _CRLF
        return self.policy.fold_binary(name, value)

    def message_bytes(
        self, *, to_email: str, subscriber_id: int, message_id: str, date: datetime
    ) -> bytes | None:
        """The mail to one recipient, or None when it needs the full rendering."""
        if not (self.usable and SIMPLE_ADDRESS.fullmatch(to_email)):
            return None
        manage = SUBSCRIBER_LINKS["manage"].make(subscriber_id).join(self.manage)
        unsubscribe = SUBSCRIBER_LINKS["unsubscribe"].make(subscriber_id).join(self.unsubscribe)
        if not (_SAFE_VALUE.fullmatch(manage) and _SAFE_VALUE.fullmatch(unsubscribe)):
            return None
        per_mail = {
            "to": self._header("To", to_email),
            "date": self._date_line(date),
            "message-id": self._header("Message-ID", message_id),
            "list-unsubscribe": self.policy.fold_binary("List-Unsubscribe", f"<{unsubscribe}>"),
        }
        head = b"".join(per_mail[item] if isinstance(item, str) else item for item in self.head)
        values = {
            _MANAGE_B: manage.encode("ascii"),
            _UNSUBSCRIBE_B: unsubscribe.encode("ascii"),
            _TO_B: to_email.encode("ascii"),
        }
        bodies = [part.encode(values) for part in self.parts]
        mark = f"--{self.boundary}".encode("ascii")
        return b"".join(
            [head, _CRLF, mark, _CRLF, bodies[0], _CRLF, mark, _CRLF, bodies[1], _CRLF]
            + [mark, b"--", _CRLF]
        )


def _full_bytes(delivery: Delivery, *, boundary: str, date: datetime) -> bytes:
    """The bytes delivery_message() gives, with a given boundary and Date (for comparing)."""
    msg = delivery_message(delivery).message(policy=email.policy.SMTP)
    msg.replace_header("Date", date)
    msg.set_boundary(boundary)
    return msg.as_bytes()


# Prepared editions of this process, newest last (a worker sends few mailings at a time).
_EDITIONS: OrderedDict[tuple, PreparedEdition] = OrderedDict()
_EDITIONS_KEPT = 16


class BulkRenderer:
    """Raw mails of one mailing for a batch: each edition prepared once per process.

    `message_bytes(delivery)` returns the mail's bytes, or None when the delivery needs
    delivery_message() (an address or link this fast path does not handle, a template
    change that made the prepared edition differ from the full rendering).
    """

    def __init__(self, mailing: Mailing) -> None:
        self.mailing = mailing
        newsletter = getattr(mailing, "newsletter", None)
        # Everything the rendering depends on besides the templates and the translations,
        # so a cached edition is never used for another mailing or other settings.
        self._key = (
            mailing.pk,
            mailing.created_at,
            mailing.kind,
            repr(sorted(mailing.subjects.items())),
            repr(sorted(mailing.bodies.items())),
            newsletter.pk if newsletter else None,
            settings.SITE_URL,
            settings.DEFAULT_FROM_EMAIL,
            settings.EMAIL_USE_LOCALTIME,
        )

    def edition(self, language: str) -> PreparedEdition:
        key = (*self._key, language)
        edition = _EDITIONS.get(key)
        if edition is None:
            edition = _EDITIONS[key] = PreparedEdition(self.mailing, language)
            while len(_EDITIONS) > _EDITIONS_KEPT:
                _EDITIONS.popitem(last=False)
        return edition

    def message_bytes(self, delivery: Delivery) -> bytes | None:
        if not delivery.subscriber_id or delivery.attachments or delivery.reply_to:
            return None
        edition = self.edition(delivery.language)
        # The first mail of an edition in this process is built in full too, and compared
        # (twice at most: the links carry the current second, which may tick in between).
        for _attempt in range(1 if edition.verified else 2):
            date = _smtp_date()
            raw = edition.message_bytes(
                to_email=delivery.to_email,
                subscriber_id=delivery.subscriber_id,
                message_id=delivery.message_id,
                date=date,
            )
            if raw is None or edition.verified:
                return raw
            if raw == _full_bytes(delivery, boundary=edition.boundary, date=date):
                edition.verified = True
                return raw
        logger.warning(
            "Mailing %s (%s): the prepared edition differs from the full rendering; "
            "rendering each mail in full",
            self.mailing.pk,
            delivery.language,
        )
        edition.usable = False
        return None
