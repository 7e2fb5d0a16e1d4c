"""Small-cell suppression and the figures of the barometer's results (barometer.stats).

The property tests play a reader who subtracts: for any counts and any breakdown, no group
of 1-4 respondents can be pinned to one value from what the table shows.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from barometer.stats import (
    CANNOT_SAY,
    LIKERT_VALUES,
    Kind,
    Option,
    Suppressed,
    build_table,
    compare_rounds,
    largest_remainder_percents,
    likert_options,
)


@pytest.fixture(autouse=True)
def _english():
    """Assert on the msgids: the fi/sv catalogues are compiled by the lead, not here."""
    with translation.override("en"):
        yield


BOUNDED = settings(max_examples=200, deadline=None)
INF = math.inf


@dataclass
class Answers:
    """A random question broken down by a random background question."""

    kind: Kind
    options: tuple[Option, ...]
    counts: dict[str, dict[str, int]]
    respondents: dict[str, int]
    residual_counts: dict[str, int]
    residual_n: int

    @property
    def total_counts(self) -> dict[str, int]:
        return {
            o.key: sum(c[o.key] for c in self.counts.values()) + self.residual_counts[o.key]
            for o in self.options
        }

    @property
    def total_n(self) -> int:
        return sum(self.respondents.values()) + self.residual_n

    def table(self):
        return build_table(
            kind=self.kind,
            options=self.options,
            counts=self.counts,
            total_counts=self.total_counts,
            respondents=self.respondents if self.kind is Kind.MULTIPLE else None,
            total_respondents=self.total_n if self.kind is Kind.MULTIPLE else None,
        )


@st.composite
def answers(draw) -> Answers:
    kind = draw(st.sampled_from(list(Kind)))
    if kind is Kind.LIKERT:
        options = likert_options(low_label="disagree", high_label="agree")
    else:
        options = tuple(Option(f"o{i}", f"option {i}") for i in range(draw(st.integers(2, 5))))
    # Sizes around the threshold come up often: empty, 1-4, exactly 4 or 5, and larger.
    sizes = st.sampled_from([0, 1, 4, 5]) | st.integers(0, 6) | st.integers(0, 40)
    group_count = draw(st.integers(1, 3) | st.integers(1, 8))

    def respondent_set():
        n = draw(sizes)
        if kind is Kind.MULTIPLE:
            return {o.key: draw(st.integers(0, n)) for o in options}, n
        choices = draw(st.lists(st.sampled_from(options), min_size=n, max_size=n))
        return {o.key: choices.count(o) for o in options}, n

    counts, respondents = {}, {}
    for number in range(group_count):
        counts[f"g{number}"], respondents[f"g{number}"] = respondent_set()
    if draw(st.booleans()):
        residual_counts, residual_n = respondent_set()
    else:
        residual_counts, residual_n = {o.key: 0 for o in options}, 0
    return Answers(kind, options, counts, respondents, residual_counts, residual_n)


def feasible(target: str, bounds: dict[str, tuple[float, float]], remainder: int):
    """The values a hidden member can take when the hidden members sum to `remainder` and
    each is known only to lie within its bounds."""
    others = [bound for key, bound in bounds.items() if key != target]
    low = max(bounds[target][0], remainder - sum(b[1] for b in others))
    high = min(bounds[target][1], remainder - sum(b[0] for b in others))
    return low, high


def reader_bounds(table, truth: Answers, *, knows_residual: bool):
    """What a reader knows of each hidden member: "fewer than 5" is 0-4, a protecting group
    at least 5. The residual (respondents without a group) is known exactly in the worst
    case, or only as under/over 5."""
    bounds = {}
    for row in table.groups:
        if row.suppressed is Suppressed.FEWER_THAN_5:
            bounds[row.key] = (0, 4)
        elif row.suppressed is Suppressed.PROTECTING:
            bounds[row.key] = (5, INF)
    if not knows_residual and truth.residual_n:
        bounds["residual"] = (0, 4) if truth.residual_n < 5 else (5, INF)
    return bounds


@BOUNDED
@given(answers())
def test_no_figure_of_a_group_under_5_is_shown(truth):
    table = truth.table()
    for row in table.groups:
        if truth.respondents[row.key] < 5:
            assert row.suppressed is Suppressed.FEWER_THAN_5
            assert row.n is None and row.cells == () and row.mean is None
        if row.shown:
            assert row.n == truth.respondents[row.key] >= 5
            assert [c.count for c in row.cells] == [
                truth.counts[row.key][o.key] for o in truth.options
            ]
    if truth.total_n < 5:
        assert not table.total.shown and not table.shown_groups()


@BOUNDED
@given(answers())
def test_no_group_under_5_can_be_recovered_by_subtraction(truth):
    """Subtracting the shown groups from the shown total gives the hidden remainder, per n and
    per option. It is empty or at least 5, it never equals a lone hidden small group, and
    no hidden group of 1-4 respondents (nor a residual of 1-4 respondents without a group)
    is pinned to one value, whether or not the reader knows the residual exactly."""
    table = truth.table()
    if not table.total.shown:
        return
    shown = table.shown_groups()
    remainder = table.total.n - sum(row.n for row in shown)
    assert remainder == 0 or remainder >= 5
    hidden = [row for row in table.groups if not row.shown]
    small = [row.key for row in hidden if 1 <= truth.respondents[row.key] <= 4]
    if len(hidden) == 1 and small:
        assert remainder != truth.respondents[small[0]]

    # The reader knows the residual exactly: the hidden groups sum to remainder - residual.
    bounds = reader_bounds(table, truth, knows_residual=True)
    # A protecting group's count of one option may be anything from 0 up.
    option_bounds = {key: (0, high) for key, (_, high) in bounds.items()}
    for key in small:
        low, high = feasible(key, bounds, remainder - truth.residual_n)
        assert low < high, f"{key} pinned to {low}"
        for option in truth.options:
            option_remainder = (
                table.total.cells[truth.options.index(option)].count
                - sum(row.cells[truth.options.index(option)].count for row in shown)
                - truth.residual_counts[option.key]
            )
            low, high = feasible(key, option_bounds, option_remainder)
            assert not (low == high and low > 0), f"{key} chose {option.key}: {low}"

    # The reader knows the residual only as under or over 5.
    bounds = reader_bounds(table, truth, knows_residual=False)
    targets = [*small, *(["residual"] if 1 <= truth.residual_n <= 4 else [])]
    for key in targets:
        low, high = feasible(key, bounds, remainder)
        assert low < high, f"{key} pinned to {low}"


@BOUNDED
@given(answers())
def test_single_choice_and_likert_percentages_add_up_to_100(truth):
    table = truth.table()
    for row in [*table.shown_groups(), *([table.total] if table.total.shown else [])]:
        exact = [Fraction(100 * c.count, row.n) for c in row.cells]
        # Whole percents, each within one point of the exact share.
        assert all(abs(c.percent - value) < 1 for c, value in zip(row.cells, exact, strict=True))
        if truth.kind is not Kind.MULTIPLE:
            assert sum(c.percent for c in row.cells) == 100


@BOUNDED
@given(answers().filter(lambda truth: truth.kind is Kind.LIKERT))
def test_likert_mean_excludes_cannot_say(truth):
    table = truth.table()
    for row in table.shown_groups():
        counts = truth.counts[row.key]
        answered = sum(counts[value] for value in LIKERT_VALUES)
        assert row.mean_n == answered
        if answered:
            hand = sum(int(v) * counts[v] for v in LIKERT_VALUES) / answered
            assert row.mean == pytest.approx(hand, rel=1e-12)
        else:
            assert row.mean is None


OPTIONS = (Option("yes", "yes"), Option("no", "no"))


def test_a_small_group_is_hidden_with_the_smallest_group_that_protects_it():
    table = build_table(
        kind="single",
        options=OPTIONS,
        counts={
            "municipality": {"yes": 40, "no": 20},
            "company": {"yes": 2, "no": 1},
            "association": {"yes": 5, "no": 3},
            "state_authority": {"yes": 9, "no": 1},
        },
        total_counts={"yes": 56, "no": 25},
        group_labels={"company": "company"},
    )
    reasons = {row.key: row.suppressed for row in table.groups}
    assert reasons == {
        "municipality": None,
        "company": Suppressed.FEWER_THAN_5,
        "association": Suppressed.PROTECTING,
        "state_authority": None,
    }
    assert table.total.n == 81
    assert [c.percent for c in table.total.cells] == [69, 31]
    assert Suppressed.FEWER_THAN_5.label == "fewer than 5"


def test_no_cover_when_nothing_small_is_hidden():
    table = build_table(
        kind="single",
        options=OPTIONS,
        counts={"a": {"yes": 5, "no": 0}, "b": {"yes": 0, "no": 0}, "c": {"yes": 3, "no": 3}},
        total_counts={"yes": 8, "no": 3},
    )
    # An empty group is "fewer than 5" too, but hiding it protects no one.
    assert [row.suppressed for row in table.groups] == [None, Suppressed.FEWER_THAN_5, None]


def test_respondents_without_a_group_are_protected_like_a_small_group():
    table = build_table(
        kind="single",
        options=OPTIONS,
        counts={"a": {"yes": 10, "no": 0}, "b": {"yes": 3, "no": 3}},
        total_counts={"yes": 13, "no": 5},  # two respondents did not give their type
    )
    assert [row.suppressed for row in table.groups] == [None, Suppressed.PROTECTING]


def test_total_is_hidden_when_no_group_can_protect_the_small_ones():
    table = build_table(
        kind="single",
        options=OPTIONS,
        counts={"a": {"yes": 4, "no": 0}, "b": {"yes": 0, "no": 4}},
        total_counts={"yes": 4, "no": 4},
    )
    assert not table.shown_groups()
    assert table.total.suppressed is Suppressed.PROTECTING
    assert table.total_hidden_for_protection


def test_a_total_under_5_is_hidden():
    table = build_table(
        kind="single",
        options=OPTIONS,
        counts={"a": {"yes": 3, "no": 1}},
        total_counts={"yes": 3, "no": 1},
    )
    assert table.total.suppressed is Suppressed.FEWER_THAN_5
    assert not table.total_hidden_for_protection


def test_largest_remainder_rounding_adds_up_and_is_stated():
    assert largest_remainder_percents([1, 1, 1]) == [34, 33, 33]
    assert largest_remainder_percents([0, 0]) == [0, 0]
    assert largest_remainder_percents([2, 1]) == [67, 33]
    table = build_table(kind="single", options=OPTIONS, counts={}, total_counts={"yes": 1, "no": 2})
    assert "100" in table.rounding_note


def test_multiple_choice_percentages_are_of_respondents_and_may_exceed_100():
    options = (Option("a", "a"), Option("b", "b"), Option("c", "c"))
    table = build_table(
        kind="multiple",
        options=options,
        counts={"g": {"a": 6, "b": 5, "c": 1}},
        respondents={"g": 8},
        total_counts={"a": 6, "b": 5, "c": 1},
        total_respondents=8,
    )
    assert [c.percent for c in table.total.cells] == [75, 63, 13]
    assert sum(c.percent for c in table.total.cells) > 100
    assert "more than 100" in table.rounding_note
    with pytest.raises(ValueError):
        build_table(kind="multiple", options=options, counts={}, total_counts={"a": 1})


def test_likert_mean_example():
    options = likert_options(low_label="disagree", high_label="agree")
    counts = {"1": 1, "2": 0, "3": 0, "4": 2, "5": 3, CANNOT_SAY: 10}
    table = build_table(kind="likert", options=options, counts={}, total_counts=counts)
    assert table.total.n == 16
    assert table.total.mean_n == 6
    assert table.total.mean == pytest.approx((1 + 8 + 15) / 6)
    assert [o.key for o in options] == ["1", "2", "3", "4", "5", CANNOT_SAY]
    assert sum(c.percent for c in table.total.cells) == 100


def test_counts_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError):
        build_table(
            kind="single",
            options=OPTIONS,
            counts={"a": {"yes": 9, "no": 1}},
            total_counts={"yes": 5, "no": 5},
        )
    with pytest.raises(ValueError):
        build_table(kind="single", options=OPTIONS, counts={}, total_counts={"maybe": 5})


def test_rounds_are_paired_by_option_and_group_each_with_its_own_n():
    earlier = build_table(
        kind="single",
        options=(Option("yes", "yes"), Option("no", "no")),
        counts={"a": {"yes": 5, "no": 5}, "b": {"yes": 1, "no": 0}, "d": {"yes": 6, "no": 3}},
        total_counts={"yes": 12, "no": 8},
    )
    later = build_table(
        kind="single",
        options=(Option("yes", "yes"), Option("no", "no"), Option("unsure", "unsure")),
        counts={"a": {"yes": 9, "no": 1, "unsure": 0}, "c": {"yes": 6, "no": 6, "unsure": 3}},
        total_counts={"yes": 15, "no": 7, "unsure": 3},
    )
    comparison = compare_rounds(earlier=earlier, later=later, earlier_year=2020, later_year=2022)
    assert [o.key for o in comparison.options] == ["yes", "no", "unsure"]
    assert (comparison.total.earlier.n, comparison.total.later.n) == (20, 25)
    yes, no, unsure = comparison.total.cells
    assert (yes.earlier.percent, yes.later.percent, yes.change) == (60, 60, 0)
    assert no.change == 28 - 40
    assert unsure.earlier is None and unsure.change is None
    groups = {row.key: row for row in comparison.groups}
    assert list(groups) == ["a", "c", "b", "d"]
    assert groups["a"].earlier.n == 10 and groups["a"].later.n == 10
    assert groups["b"].earlier.suppressed is Suppressed.FEWER_THAN_5 and groups["b"].later is None
    assert all(cell.earlier is None for cell in groups["b"].cells)
    with pytest.raises(ValueError):
        compare_rounds(
            earlier=build_table(
                kind="likert",
                options=likert_options(low_label="l", high_label="h"),
                counts={},
                total_counts={},
            ),
            later=later,
            earlier_year=2020,
            later_year=2022,
        )
