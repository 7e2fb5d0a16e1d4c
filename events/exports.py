"""Staff exports of registrations: CSV that Excel opens with å ä ö, and XLSX."""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from events.models import Registration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    """A cell value a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_header())
    writer.writerows(_rows(registrations))
    # The BOM makes Excel read the file as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def registrations_xlsx(registrations: Iterable[Registration]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    sheet.append(_header())
    for row in _rows(registrations):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
