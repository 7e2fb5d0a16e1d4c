"""Server-rendered SVG line charts of a pledge's indicators (the public pledge page).

Like barometer.charts: no script, no `style`, only presentation attributes, so the charts
pass the strict Content Security Policy. Each chart is an image with a name (<title>) and
its figures as sentences (<desc>); the page shows the same figures in a table beside it.
Colours: the reported line #005a9c (7.1:1 against white), the target #6b6b6b (5.3:1), text
#1a1a1a (17:1).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from pledges.progress import Indicator, ProgressReport

LINE_COLOUR = "#005a9c"
TARGET_COLOUR = "#6b6b6b"
TEXT_COLOUR = "#1a1a1a"
WIDTH = 560
HEIGHT = 220
LEFT = 72  # room for the value labels
RIGHT = 24
TOP = 24
BOTTOM = 32  # room for the date labels
PAD = 48  # between the axis and the first and last point (their labels are centred)
FONT_SIZE = 13


@dataclass(frozen=True)
class Point:
    label: str  # what the table's first column says: "Baseline" or the period's date
    day: date | None
    value: Decimal


@dataclass(frozen=True)
class IndicatorChart:
    indicator: Indicator
    points: list[Point]
    svg: SafeString

    @property
    def name(self) -> str:
        return str(self.indicator.name)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def figure(value: Decimal, unit: str = "") -> str:
    """A value as readers write it (a decimal comma in Finnish and Swedish), with its unit."""
    if value == value.to_integral_value():
        text = number_format(int(value), 0)
    else:
        # 52.50 is shown as 52,5: no trailing zeros.
        text = number_format(value.normalize())
    return f"{text} {unit}".strip()


def _date(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def indicator_points(indicator: Indicator, reports: list[ProgressReport]) -> list[Point]:
    """The baseline, then each published report's value, oldest first."""
    points = [Point(gettext("Baseline"), indicator.pledge.reporting_starts_on, indicator.baseline)]
    for report in sorted(reports, key=lambda r: r.period):
        for value in report.values.all():
            if value.indicator_id == indicator.pk:
                points.append(Point(_date(report.period_end), report.period_end, value.value))
    return points


def line_chart(indicator: Indicator, points: list[Point], *, chart_id: str) -> SafeString:
    """An SVG line chart of the reported values with the target as a dashed line."""
    values = [float(p.value) for p in points] + [float(indicator.target)]
    low, high = min(0.0, *values), max(values)
    if high == low:
        high = low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    inner = plot_w - 2 * PAD
    step = inner / max(1, len(points) - 1)
    xs = [
        LEFT + PAD + i * step if len(points) > 1 else LEFT + plot_w / 2 for i in range(len(points))
    ]
    unit = indicator.unit
    parts = [
        # Axes.
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{TEXT_COLOUR}"/>',
        f'<line x1="{LEFT}" y1="{_n(TOP + plot_h)}" x2="{WIDTH - RIGHT}" y2="{_n(TOP + plot_h)}" '
        f'stroke="{TEXT_COLOUR}"/>',
    ]
    for tick in (low, high):
        parts.append(
            f'<text x="{LEFT - 6}" y="{_n(y(tick) + 4)}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(figure(Decimal(str(round(tick, 2)))))}</text>'
        )
    target_y = _n(y(float(indicator.target)))
    target_label = gettext("Target %(value)s") % {"value": figure(indicator.target, unit)}
    parts.append(
        f'<line x1="{LEFT}" y1="{target_y}" x2="{WIDTH - RIGHT}" y2="{target_y}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{_n(float(target_y) - 6)}" text-anchor="end" '
        f'fill="{TEXT_COLOUR}">{escape(target_label)}</text>'
    )
    coords = " ".join(f"{_n(x)},{_n(y(float(p.value)))}" for x, p in zip(xs, points, strict=True))
    if len(points) > 1:
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{LINE_COLOUR}" stroke-width="3"/>'
        )
    for x, point in zip(xs, points, strict=True):
        py = y(float(point.value))
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(py)}" r="5" fill="{LINE_COLOUR}"/>')
        parts.append(
            f'<text x="{_n(x)}" y="{_n(py - 10)}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(figure(point.value))}</text>'
        )
        parts.append(
            f'<text x="{_n(x)}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(point.label)}</text>'
        )
    title = str(indicator.name)
    desc = "; ".join(f"{p.label}: {figure(p.value, unit)}" for p in points)
    desc = f"{desc}; {target_label}."
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="{FONT_SIZE}">'
    )
    return mark_safe(  # noqa: S308 - every text is escaped, every number ours
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


def indicator_charts(pledge, reports: list[ProgressReport]) -> list[IndicatorChart]:
    """A chart and its figures for each indicator of the pledge."""
    charts = []
    for indicator in pledge.indicators.all():
        indicator.pledge = pledge
        points = indicator_points(indicator, reports)
        svg = line_chart(indicator, points, chart_id=f"indicator-{indicator.pk}")
        charts.append(IndicatorChart(indicator=indicator, points=points, svg=svg))
    return charts
