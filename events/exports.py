"""Staff exports of registrations: CSV that Excel opens with å ä ö, and XLSX."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_bytes, xlsx_bytes
from core.exports import neutralise as _safe
from events.models import Registration


def _header() -> list[str]:
    return [
        _("Event"),
        _("Starts"),
        _("Status"),
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Language for mails"),
        _("Accessibility or other needs"),
        _("Registered"),
    ]


def _rows(registrations: Iterable[Registration]) -> Iterable[list[str]]:
    for registration in registrations:
        event = registration.event
        yield [
            _safe(event.title),
            timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
            _safe(registration.get_status_display()),
            _safe(registration.name),
            _safe(registration.email),
            _safe(registration.organisation),
            registration.language,
            _safe(registration.needs),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def registrations_csv(registrations: Iterable[Registration]) -> bytes:
    return csv_bytes(_header(), _rows(registrations))


def registrations_xlsx(registrations: Iterable[Registration]) -> bytes:
    return xlsx_bytes(_("Registrations"), _header(), _rows(registrations))
