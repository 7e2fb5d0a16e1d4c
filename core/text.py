"""Characters that text may not carry into XML, spreadsheets, calendars and mail.

XML 1.0 (Atom feeds, sitemaps, and XLSX, which is XML inside a zip) forbids the C0
control characters other than tab, LF and CR, lone surrogates and U+FFFE/U+FFFF;
iCalendar and mail headers forbid the control characters too. DEL and the C1 controls
(U+007F–U+009F) are allowed by XML 1.0 but are never typed on purpose and break other
readers (Excel, mail clients), so they count as control characters here as well.

Forms refuse such text (portal.validators); the writers pass what is already stored
through `xml_safe`, so one bad row can never take an export, a feed or a mail down.
"""

import re

# One definition for the forms and the writers.
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# Tab, line breaks, and Unicode's own line and paragraph separators.
LINE_BREAKS = "\t\n\r\u2028\u2029"

_CONTROL_RE = re.compile(f"[{CONTROL_CHARACTERS}]")
_LINE_BREAK_RE = re.compile(f"[{LINE_BREAKS}]")


def has_control_characters(text: str) -> bool:
    """Whether `text` has a character that XML, iCalendar or a mail header cannot carry."""
    return bool(_CONTROL_RE.search(text))


def has_line_breaks(text: str) -> bool:
    """Whether `text` has a tab or a line break (allowed in a text area only)."""
    return bool(_LINE_BREAK_RE.search(text))


def xml_safe(text) -> str:
    """`text` as a string without control characters (tab, LF and CR are kept).

    The characters are dropped, not replaced: they are invisible where they came from, and
    a replacement mark would put a visible "�" into a name or a title.
    """
    if text is None:
        return ""
    return _CONTROL_RE.sub("", str(text))


def one_line(text) -> str:
    """`xml_safe(text)` on one line: runs of whitespace (line breaks too) become one space.

    For mail headers and other places where a line break would end the value.
    """
    return " ".join(xml_safe(text).split())
