"""Render a delivery into a multipart mail in the recipient's language."""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from mailings.models import Delivery


def message_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def delivery_message(delivery: Delivery) -> EmailMultiAlternatives:
    """The mail for a delivery: text and HTML, UTF-8 subject, its own Message-ID."""
    context = {
        **delivery.context,
        "site_url": settings.SITE_URL,
        "recipient_email": delivery.to_email,
        "language": delivery.language,
    }
    base = f"email/{delivery.template}"
    with translation.override(delivery.language):
        subject = " ".join(render_to_string(f"{base}/subject.txt", context).split())
        text = render_to_string(f"{base}/body.txt", context)
        html = render_to_string(f"{base}/body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to_email],
        reply_to=[delivery.reply_to] if delivery.reply_to else None,
        headers={
            "Message-ID": delivery.message_id or make_msgid(domain=message_domain()),
            "Content-Language": delivery.language,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for attachment in delivery.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message
