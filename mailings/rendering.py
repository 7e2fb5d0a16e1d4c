"""Render a delivery into a multipart mail in the recipient's language."""

import email.policy
from email.utils import make_msgid
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from mailings.markdown import markdown_html, markdown_text
from mailings.models import Delivery, Mailing
from mailings.tokens import token_make
from portal.text import one_line, xml_safe

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
            language, "newsletter:manage", token=token_make("manage", subscriber_id)
        ),
        "unsubscribe_url": absolute_url(
            language, "newsletter:unsubscribe", token=token_make("unsubscribe", subscriber_id)
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


def _mailing_context(delivery: Delivery) -> tuple[str, dict]:
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
    if delivery.subscriber_id:
        context.update(
            subscriber_links(subscriber_id=delivery.subscriber_id, language=delivery.language)
        )
    if hasattr(mailing, "newsletter"):
        context["archive_url"] = absolute_url(
            language, "newsletter:archive_detail", pk=mailing.newsletter.pk
        )
    return "mailing", context


def delivery_message(delivery: Delivery) -> PortalEmailMessage:
    """The mail for a delivery: text and HTML, UTF-8 subject, its own Message-ID.

    Bulk mail (a mailing to a subscriber) also carries the one-click unsubscribe headers
    of RFC 8058, so mail programs can offer "unsubscribe" without opening any page.
    """
    template, extra = _mailing_context(delivery) if delivery.mailing_id else (delivery.template, {})
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
