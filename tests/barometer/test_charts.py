"""The barometer's SVG charts: accessible, CSP-safe, escaped, suppression drawn as text."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from barometer.charts import BAR_FILL, BAR_MAX, EARLIER_FILL, TEXT_FILL, bar_chart, comparison_chart
from barometer.stats import Option, build_table, compare_rounds, likert_options
from tests.conftest import assert_valid_html


@pytest.fixture(autouse=True)
def _english():
    """Assert on the msgids: the fi/sv catalogues are compiled by the lead, not here."""
    with translation.override("en"):
        yield


SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_OPTION = "<script>alert(1)</script>"
HOSTILE_GROUP = 'Tom & Jerry\'s "club"'


def table():
    return build_table(
        kind="single",
        options=(Option("yes", "yes"), Option("no", HOSTILE_OPTION), Option("maybe", "maybe")),
        counts={
            "municipality": {"yes": 30, "no": 10, "maybe": 0},
            "company": {"yes": 2, "no": 1, "maybe": 0},
            "association": {"yes": 3, "no": 3, "maybe": 1},
            "other": {"yes": 8, "no": 3, "maybe": 1},
        },
        group_labels={
            "municipality": "municipality",
            "company": "company",
            "association": HOSTILE_GROUP,
            "other": "other",
        },
        total_counts={"yes": 43, "no": 17, "maybe": 2},
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("by_group", [False, True])
def test_chart_is_a_named_image_with_a_text_summary(by_group):
    root = parse(bar_chart(table=table(), title="Cooperation", chart_id="q1", by_group=by_group))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "q1-title q1-desc"
    assert root.find(f"{SVG}title").get("id") == "q1-title"
    assert root.find(f"{SVG}title").text == "Cooperation"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "q1-desc"
    assert "n = 62" in desc.text or by_group
    assert "100" in desc.text  # the rounding is stated


def test_chart_has_no_style_or_script_for_a_strict_csp():
    svg = bar_chart(table=table(), title="t", chart_id="q1", by_group=True)
    root = parse(svg)
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag not in (f"{SVG}style", f"{SVG}script")
    assert not re.search(r"(?<![\w-])style\s*=", svg)  # font-style= is a presentation attribute
    assert not re.search(r"\bon[a-z]+\s*=", svg)


def test_labels_are_escaped():
    svg = bar_chart(table=table(), title='<b>"Q" & A</b>', chart_id="q1", by_group=True)
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == '<b>"Q" & A</b>'
    assert HOSTILE_OPTION in texts(root)
    assert HOSTILE_OPTION in root.find(f"{SVG}desc").text


def test_suppressed_groups_are_labelled_gaps_not_bars():
    root = parse(bar_chart(table=table(), title="t", chart_id="q1", by_group=True))
    lines = texts(root)
    # company (3) is under 5; the association (7) is hidden with it so neither can be
    # computed from the total.
    assert "company: fewer than 5" in lines
    assert f"{HOSTILE_GROUP}: hidden to protect a small group" in lines
    assert not any(line.startswith("company (") for line in lines)
    shown_cells = sum(len(row.cells) for row in table().groups if row.shown)
    assert len(root.findall(f"{SVG}rect")) == shown_cells == 6
    desc = root.find(f"{SVG}desc").text
    assert "company: fewer than 5." in desc
    assert "(n = 3)" not in desc and "(n = 7)" not in desc


def test_bar_widths_are_proportional_to_the_percentages():
    data = table()
    root = parse(bar_chart(table=data, title="t", chart_id="q1"))
    widths = [float(rect.get("width")) for rect in root.findall(f"{SVG}rect")]
    percents = [cell.percent for cell in data.total.cells]
    assert percents == [69, 28, 3]
    assert widths == [BAR_MAX * p / 100 for p in percents]
    assert "69% (43)" in texts(root)


def test_likert_chart_states_the_mean_without_cannot_say():
    options = likert_options(low_label="disagree", high_label="agree")
    data = build_table(
        kind="likert",
        options=options,
        counts={},
        total_counts={"1": 0, "2": 0, "3": 2, "4": 2, "5": 2, "cannot_say": 4},
    )
    root = parse(bar_chart(table=data, title="t", chart_id="q2"))
    assert 'Mean 4.0 (n = 6, "cannot say" excluded)' in texts(root)
    assert "cannot say" in texts(root)
    with translation.override("fi"):
        root = parse(bar_chart(table=data, title="t", chart_id="q2"))
    assert "4,0" in root.find(f"{SVG}desc").text


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def test_colours_have_enough_contrast_against_white():
    root = parse(bar_chart(table=table(), title="t", chart_id="q1", by_group=True))
    assert {rect.get("fill") for rect in root.iter(f"{SVG}rect")} == {BAR_FILL}
    assert {text.get("fill") for text in root.iter(f"{SVG}text")} == {TEXT_FILL}
    assert contrast_with_white(BAR_FILL) >= 3
    assert contrast_with_white(TEXT_FILL) >= 4.5


def test_output_is_deterministic_and_refuses_bad_ids():
    first = bar_chart(table=table(), title="t", chart_id="q1", by_group=True)
    assert first == bar_chart(table=table(), title="t", chart_id="q1", by_group=True)
    with pytest.raises(ValueError):
        bar_chart(table=table(), title="t", chart_id='q1" onload="x')


def test_chart_in_a_page_passes_the_nu_html_checker(tmp_path):
    charts = "\n".join(
        [
            bar_chart(table=table(), title="Kaikki", chart_id="q1"),
            bar_chart(table=table(), title="Ryhmittäin", chart_id="q1-groups", by_group=True),
            comparison_chart(comparison=rounds(), title="Vuosittain", chart_id="q1-rounds"),
        ]
    )
    page = (
        '<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Tulokset</title>'
        f"</head><body><main><h1>Tulokset</h1><figure>{charts}</figure></main></body></html>"
    )
    assert_valid_html([page.encode()], tmp_path)


def rounds():
    earlier = build_table(
        kind="single",
        options=(Option("yes", "yes"), Option("no", "no")),
        counts={},
        total_counts={"yes": 12, "no": 8},
    )
    later = build_table(
        kind="single",
        options=(Option("yes", "yes"), Option("no", "no"), Option("unsure", HOSTILE_OPTION)),
        counts={},
        total_counts={"yes": 15, "no": 7, "unsure": 3},
    )
    return compare_rounds(earlier=earlier, later=later, earlier_year=2020, later_year=2022)


def test_comparison_chart_shows_both_rounds_with_their_own_n():
    svg = comparison_chart(comparison=rounds(), title="Then and now", chart_id="q3")
    root = parse(svg)
    lines = texts(root)
    assert "2020 (n = 20)" in lines and "2022 (n = 25)" in lines
    assert "2020: 60% (12)" in lines and "2022: 60% (15)" in lines
    # An option the earlier round did not ask is text, not a bar.
    assert "2020: not asked in this round" in lines
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == [EARLIER_FILL, BAR_FILL, EARLIER_FILL, BAR_FILL, BAR_FILL]
    assert contrast_with_white(EARLIER_FILL) >= 3
    assert "<script>" not in svg and HOSTILE_OPTION in lines
    desc = root.find(f"{SVG}desc").text
    assert "yes: 2020: 60% (12); 2022: 60% (15)." in desc
    assert root.get("aria-labelledby") == "q3-title q3-desc"


def test_comparison_chart_keeps_a_suppressed_round_hidden():
    small = build_table(
        kind="single",
        options=(Option("yes", "yes"), Option("no", "no")),
        counts={},
        total_counts={"yes": 3, "no": 1},
    )
    comparison = compare_rounds(
        earlier=small,
        later=build_table(
            kind="single",
            options=(Option("yes", "yes"), Option("no", "no")),
            counts={},
            total_counts={"yes": 15, "no": 7},
        ),
        earlier_year=2020,
        later_year=2022,
    )
    root = parse(comparison_chart(comparison=comparison, title="t", chart_id="q4"))
    lines = texts(root)
    assert "2020: fewer than 5" in lines
    assert not any(line.startswith("2020 (n") for line in lines)
    assert [rect.get("fill") for rect in root.iter(f"{SVG}rect")] == [BAR_FILL, BAR_FILL]
