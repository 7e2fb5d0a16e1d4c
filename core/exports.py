"""Spreadsheet exports for staff: CSV that Excel opens with å ä ö, and XLSX.

Every cell goes through `neutralise`, so a value typed into a public form can never run
as a formula when staff open the file (CSV injection), and a control character already
stored (which openpyxl refuses with IllegalCharacterError) never fails the whole file.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.text import xml_safe

# What a spreadsheet reads as the start of a formula (tab and CR too, as OWASP lists).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Finnish Excel uses the comma as decimal separator and expects `;` between fields.
CSV_DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_COLUMN_WIDTH = 60


def neutralise(value) -> str:
    """A cell value a spreadsheet never runs as a formula: an apostrophe goes first.

    Control characters go first (XLSX is XML), so "\x01=cmd" cannot slip past as "=cmd".
    """
    text = xml_safe(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a BOM (so Excel reads å ä ö), `;`-separated, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: a bold, frozen header row, then the rows; columns as wide as their text."""
    workbook = Workbook()
    sheet = workbook.active
    # Excel allows 31 characters and none of []:*?/\ in a sheet title.
    sheet.title = "".join(c for c in xml_safe(title) if c not in "[]:*?/\\")[:31] or "Sheet"
    header = [neutralise(cell) for cell in header]
    sheet.append(header)
    widths = [len(cell) for cell in header]
    for row in rows:
        cells = [neutralise(cell) for cell in row]
        sheet.append(cells)
        for index, cell in enumerate(cells):
            longest = max((len(line) for line in cell.splitlines()), default=0)
            if index < len(widths):
                widths[index] = max(widths[index], longest)
            else:
                widths.append(longest)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
