"""Server-rendered SVG bar charts of a barometer results table (barometer.stats).

The charts pass a strict Content Security Policy: no script, no `style` element or attribute,
only presentation attributes. They are images with a name (<title>) and a text summary
(<desc>) for screen readers; the page shows the same figures as a table beside them.
Colours: bars #005a9c (7.1:1 against white, WCAG 1.4.11 asks 3:1), the earlier round in a
comparison #6b6b6b (5.3:1), text #1a1a1a (17:1).
A suppressed group is drawn as a labelled gap (text, no bar), never as a bar.
"""

from __future__ import annotations

import re

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from barometer.stats import Cell, Kind, ResultTable, RoundComparison, Row, rounding_note

BAR_FILL = "#005a9c"
EARLIER_FILL = "#6b6b6b"  # the earlier round in a comparison: 5.3:1 against white
TEXT_FILL = "#1a1a1a"

WIDTH = 640
MARGIN = 8
BAR_MAX = 480  # the width of a bar at 100 %
BAR_HEIGHT = 16
FONT_SIZE = 14
LINE = 20  # height of a text line
OPTION_STEP = LINE + BAR_HEIGHT + 8
GROUP_GAP = 12

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def bar_width(percent: int) -> str:
    """The width of a bar, proportional to the percentage shown beside it."""
    return _number(BAR_MAX * percent / 100)


def _number(value: float) -> str:
    # A dot whatever the language: these are SVG coordinates, not figures for readers.
    return f"{value:.1f}".removesuffix(".0")


def percent_text(percent: int) -> str:
    return gettext("%(percent)s%%") % {"percent": percent}


def _heading(row: Row) -> str:
    if not row.shown:
        return gettext("%(group)s: %(marker)s") % {
            "group": row.label,
            "marker": row.suppressed.label,
        }
    return gettext("%(group)s (n = %(n)s)") % {"group": row.label, "n": row.n}


def _mean_text(row: Row) -> str | None:
    if row.mean is None:
        return None
    return gettext('Mean %(mean)s (n = %(n)s, "cannot say" excluded)') % {
        "mean": number_format(row.mean, 1),
        "n": row.mean_n,
    }


def summary(table: ResultTable, rows: list[Row]) -> str:
    """The chart's figures as sentences, for the <desc> read by screen readers."""
    sentences = []
    for row in rows:
        if not row.shown:
            sentences.append(_heading(row) + ".")
            continue
        figures = "; ".join(
            gettext("%(option)s %(percent)s (%(count)s)")
            % {"option": c.option.label, "percent": percent_text(c.percent), "count": c.count}
            for c in row.cells
        )
        sentences.append(f"{_heading(row)}: {figures}.")
        mean = _mean_text(row)
        if mean:
            sentences.append(mean + ".")
    sentences.append(table.rounding_note)
    return " ".join(sentences)


def _text(x: float, y: float, content: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" fill="{TEXT_FILL}"{extra}>'
        f"{escape(content)}</text>"
    )


def _bar(parts: list[str], y: float, percent: int, value: str, fill: str = BAR_FILL) -> None:
    """A bar under the text line ending at y, with its value after it."""
    top = y + 4
    width = bar_width(percent)
    parts.append(
        f'<rect x="{MARGIN}" y="{_number(top)}" width="{width}" '
        f'height="{BAR_HEIGHT}" fill="{fill}"/>'
    )
    parts.append(_text(MARGIN + float(width) + 6, top + BAR_HEIGHT - 3, value))


def _svg(chart_id: str, title: str, desc: str, parts: list[str], bottom: float) -> SafeString:
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"not a usable id: {chart_id!r}")
    height = _number(bottom + MARGIN)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="{FONT_SIZE}">'
    )
    return mark_safe(  # noqa: S308 - every text and attribute is escaped or ours
        "\n".join(
            [
                head,
                f'<title id="{chart_id}-title">{escape(title)}</title>',
                f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
                *parts,
                "</svg>",
            ]
        )
    )


def _value(cell: Cell) -> str:
    return f"{percent_text(cell.percent)} ({cell.count})"


def bar_chart(
    *, table: ResultTable, title: str, chart_id: str, by_group: bool = False
) -> SafeString:
    """An SVG horizontal bar chart: one bar per option for all respondents, or with
    `by_group`, one block of bars per group of the breakdown (suppressed groups as text).

    `chart_id` must be unique on the page: the title and description ids derive from it.
    Returns a SafeString; every label is escaped.
    """
    rows = list(table.groups) if by_group else [table.total]
    parts = []
    y = 0.0
    for row in rows:
        y += LINE
        if not row.shown:
            parts.append(_text(MARGIN, y, _heading(row), font_style="italic"))
            y += GROUP_GAP
            continue
        parts.append(_text(MARGIN, y, _heading(row), font_weight="bold"))
        for cell in row.cells:
            y += LINE
            parts.append(_text(MARGIN, y, cell.option.label))
            _bar(parts, y, cell.percent, _value(cell))
            y += OPTION_STEP - LINE
        if table.kind is Kind.LIKERT and (mean := _mean_text(row)):
            y += LINE
            parts.append(_text(MARGIN, y, mean))
        y += GROUP_GAP
    return _svg(chart_id, title, summary(table, rows), parts, y)


def _round_text(year: int, row: Row | None, cell: Cell | None) -> str:
    if row is None or not row.shown:
        marker = row.suppressed.label if row is not None else gettext("not asked in this round")
        return gettext("%(year)s: %(marker)s") % {"year": year, "marker": marker}
    if cell is None:
        return gettext("%(year)s: %(marker)s") % {
            "year": year,
            "marker": gettext("not asked in this round"),
        }
    return gettext("%(year)s: %(figure)s") % {"year": year, "figure": _value(cell)}


def comparison_chart(*, comparison: RoundComparison, title: str, chart_id: str) -> SafeString:
    """Two rounds of a linked question, all respondents: per option the earlier round's bar
    (grey) above the later round's (blue), each labelled with its year, so the colours are
    never the only cue. Each round's n is in the headings; suppression is each round's own.
    """
    total = comparison.total
    rounds = (
        (comparison.earlier_year, total.earlier, EARLIER_FILL),
        (comparison.later_year, total.later, BAR_FILL),
    )
    parts, sentences = [], []
    y = 0.0
    for year, row, _fill in rounds:
        y += LINE
        if row is not None and row.shown:
            heading = gettext("%(group)s (n = %(n)s)") % {"group": year, "n": row.n}
            parts.append(_text(MARGIN, y, heading, font_weight="bold"))
        else:
            heading = _round_text(year, row, None)
            parts.append(_text(MARGIN, y, heading, font_style="italic"))
        sentences.append(heading + ".")
    y += GROUP_GAP
    for paired in total.cells:
        y += LINE
        parts.append(_text(MARGIN, y, paired.option.label))
        texts = []
        for (year, row, fill), cell in zip(rounds, (paired.earlier, paired.later), strict=True):
            text = _round_text(year, row, cell)
            texts.append(text)
            if cell is None:
                y += LINE
                parts.append(_text(MARGIN, y, text, font_style="italic"))
            else:
                _bar(parts, y, cell.percent, text, fill)
                y += OPTION_STEP - LINE
        sentences.append(f"{paired.option.label}: {'; '.join(texts)}.")
        y += GROUP_GAP
    sentences.append(rounding_note(comparison.kind))
    return _svg(chart_id, title, " ".join(sentences), parts, y)
