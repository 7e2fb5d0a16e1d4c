"""Figures of the barometer's results: small-cell suppression, percentages, Likert means.

Pure functions over plain data (counts already aggregated in the database); no models.

What is protected
-----------------
The unit of protection is a *group of respondents in a breakdown* (an organisation type, a
region) for one question. A question's table shows, per group, n (respondents in the group
who answered the question) and per option a count and a percentage, plus the total row.

1. Primary suppression: a group with n < 5 (including 0) shows neither n nor any count or
   percentage, only `Suppressed.FEWER_THAN_5`.
2. Complementary suppression: a reader can subtract the shown groups from the shown total
   (per n and per option). The hidden remainder holds the suppressed groups and the
   respondents who belong to no group (did not answer the background question). Whenever that
   remainder holds a group of 1-4 respondents, or 1-4 respondents without a group, the
   smallest shown group with n >= 5 is hidden as well (`Suppressed.PROTECTING`). A reader
   then knows each "fewer than 5" group only as 0-4 and the protecting group only as ">= 5",
   so the remainder cannot be split back into any group: no group under 5 is pinned to a
   single value, and the remainder itself is either empty or at least 5 respondents.
   If no group with n >= 5 is left to hide, the total row is hidden instead
   (`ResultTable.total_hidden_for_protection`); a page must then not show the question's
   total elsewhere either (the same total appears in every breakdown).
3. A total with n < 5 is itself hidden, and then every group is too.

Not protected, by design: option counts inside a shown group (n >= 5) are shown even when
small ("1 of 12 chose X"), and so is a shown group's homogeneity ("all 6 chose X"); these
are not groups of respondents in the breakdown sense. Differences of n between questions
(respondents skipping a question) are not protected either.

Percentages are whole percents of the row's n. Single choice and Likert distributions use the
largest-remainder method, so a shown row adds up to exactly 100. Multiple choice percentages
are each rounded half up on their own and may add up to more than 100, since one respondent
can choose several options. The Likert mean is taken over the answers 1-5 only; "cannot say"
is excluded from the mean and from its n (`Row.mean_n`) but shown in the distribution.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext

MIN_GROUP = 5
LIKERT_VALUES = ("1", "2", "3", "4", "5")
CANNOT_SAY = "cannot_say"


class Kind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    LIKERT = "likert"


class Suppressed(enum.Enum):
    """Why a row shows no figures; `label` is the text a reader sees instead."""

    FEWER_THAN_5 = "fewer_than_5"
    PROTECTING = "protecting"

    @property
    def label(self) -> str:
        if self is Suppressed.FEWER_THAN_5:
            return gettext("fewer than 5")
        return gettext("hidden to protect a small group")


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Cell:
    """One option's figures in a shown row: respondents who chose it and their share of n."""

    option: Option
    count: int
    percent: int


@dataclass(frozen=True)
class Row:
    """A group (or the total). When `suppressed` is set, n, cells and mean are all None/empty."""

    key: str
    label: str
    n: int | None
    cells: tuple[Cell, ...]
    suppressed: Suppressed | None = None
    mean: float | None = None
    mean_n: int | None = None

    @property
    def shown(self) -> bool:
        return self.suppressed is None


@dataclass(frozen=True)
class ResultTable:
    kind: Kind
    options: tuple[Option, ...]
    groups: tuple[Row, ...]
    total: Row
    rounding_note: str
    total_hidden_for_protection: bool = False

    def shown_groups(self) -> tuple[Row, ...]:
        return tuple(row for row in self.groups if row.shown)


def rounding_note(kind: Kind) -> str:
    if kind is Kind.MULTIPLE:
        return gettext(
            "Percentages of respondents, rounded to whole percents. A respondent could choose "
            "several options, so the percentages may add up to more than 100."
        )
    return gettext(
        "Percentages rounded to whole percents by the largest remainder method, so that "
        "they add up to 100."
    )


def largest_remainder_percents(counts: Sequence[int]) -> list[int]:
    """Whole percents of sum(counts) that add up to exactly 100 (all zeros for no answers).

    Ties in the remainder go to the earlier option, so the result is deterministic.
    """
    n = sum(counts)
    if n == 0:
        return [0] * len(counts)
    exact = [Fraction(100 * count, n) for count in counts]
    floors = [int(value) for value in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def half_up_percent(count: int, n: int) -> int:
    if n == 0:
        return 0
    return int(Fraction(100 * count, n) + Fraction(1, 2))


def likert_mean(counts: Mapping[str, int]) -> tuple[float | None, int]:
    """Mean over the answers 1-5 and its n; "cannot say" (and anything else) is ignored."""
    mean_n = sum(counts.get(value, 0) for value in LIKERT_VALUES)
    if mean_n == 0:
        return None, 0
    total = sum(int(value) * counts.get(value, 0) for value in LIKERT_VALUES)
    return float(Fraction(total, mean_n)), mean_n


def likert_options(
    *, low_label: str, high_label: str, cannot_say_label: str | None = None
) -> tuple[Option, ...]:
    """The options of a Likert question in order: 1 (low end) ... 5 (high end), cannot say."""
    labels = {"1": f"1 {low_label}", "5": f"5 {high_label}"}
    options = [Option(value, labels.get(value, value)) for value in LIKERT_VALUES]
    options.append(Option(CANNOT_SAY, cannot_say_label or gettext("cannot say")))
    return tuple(options)


def _row_n(kind: Kind, counts: Mapping[str, int], respondents: int | None, options) -> int:
    if respondents is not None:
        return respondents
    if kind is Kind.MULTIPLE:
        raise ValueError("multiple choice needs the number of respondents per group")
    return sum(counts.get(option.key, 0) for option in options)


def _validate(kind: Kind, key: str, n: int, counts: Mapping[str, int], options) -> None:
    values = [counts.get(option.key, 0) for option in options]
    unknown = set(counts) - {option.key for option in options}
    if unknown:
        raise ValueError(f"{key}: counts for unknown options {sorted(unknown)}")
    if n < 0 or any(value < 0 for value in values):
        raise ValueError(f"{key}: negative count")
    if kind is Kind.MULTIPLE:
        if any(value > n for value in values):
            raise ValueError(f"{key}: an option chosen by more than n respondents")
    elif sum(values) != n:
        raise ValueError(f"{key}: counts do not add up to n")


def _shown_row(kind: Kind, key: str, label: str, n: int, counts, options) -> Row:
    values = [counts.get(option.key, 0) for option in options]
    if kind is Kind.MULTIPLE:
        percents = [half_up_percent(value, n) for value in values]
    else:
        percents = largest_remainder_percents(values)
    cells = tuple(
        Cell(option=option, count=value, percent=percent)
        for option, value, percent in zip(options, values, percents, strict=True)
    )
    mean, mean_n = (None, None)
    if kind is Kind.LIKERT:
        mean, mean_n = likert_mean(counts)
    return Row(key=key, label=label, n=n, cells=cells, mean=mean, mean_n=mean_n)


def _hidden_row(key: str, label: str, reason: Suppressed) -> Row:
    return Row(key=key, label=label, n=None, cells=(), suppressed=reason)


def suppressed_keys(
    *, group_ns: Mapping[str, int], total_n: int
) -> tuple[dict[str, Suppressed], bool]:
    """Which groups to hide, and whether the total must be hidden too (module docstring).

    Returns {group key: reason} and `hide_total`.
    """
    hidden = {key: Suppressed.FEWER_THAN_5 for key, n in group_ns.items() if n < MIN_GROUP}
    if total_n < MIN_GROUP:
        return dict.fromkeys(group_ns, Suppressed.FEWER_THAN_5), True
    residual = total_n - sum(group_ns.values())
    needs_cover = 0 < residual < MIN_GROUP or any(group_ns[key] > 0 for key in hidden)
    if not needs_cover:
        return hidden, False
    candidates = [key for key, n in group_ns.items() if key not in hidden]
    if not candidates:
        return hidden, True
    # The smallest group loses the least; ties go to the later group, deterministically.
    order = list(group_ns)
    cover = min(candidates, key=lambda key: (group_ns[key], -order.index(key)))
    hidden[cover] = Suppressed.PROTECTING
    return hidden, False


def build_table(
    *,
    kind: Kind | str,
    options: Sequence[Option],
    counts: Mapping[str, Mapping[str, int]],
    total_counts: Mapping[str, int],
    group_labels: Mapping[str, str] | None = None,
    respondents: Mapping[str, int] | None = None,
    total_respondents: int | None = None,
    total_label: str | None = None,
) -> ResultTable:
    """The suppressed table of one closed question broken down by one background question.

    `counts` maps each group key (in display order) to {option key: respondents who chose
    it}; `total_counts` is the same for all respondents, including those without a group.
    `respondents` (n per group) and `total_respondents` are needed for multiple choice; for
    single choice and Likert they default to the sum of the counts.
    """
    kind = Kind(kind)
    options = tuple(options)
    group_labels = group_labels or {}
    respondents = respondents or {}
    group_ns = {}
    for key, group_counts in counts.items():
        group_ns[key] = _row_n(kind, group_counts, respondents.get(key), options)
        _validate(kind, key, group_ns[key], group_counts, options)
    total_n = _row_n(kind, total_counts, total_respondents, options)
    _validate(kind, "total", total_n, total_counts, options)
    if sum(group_ns.values()) > total_n or any(
        sum(group_counts.get(option.key, 0) for group_counts in counts.values())
        > total_counts.get(option.key, 0)
        for option in options
    ):
        raise ValueError("the groups hold more answers than the total")

    hidden, hide_total = suppressed_keys(group_ns=group_ns, total_n=total_n)
    rows = []
    for key, group_counts in counts.items():
        label = group_labels.get(key, key)
        if key in hidden:
            rows.append(_hidden_row(key, label, hidden[key]))
        else:
            rows.append(_shown_row(kind, key, label, group_ns[key], group_counts, options))
    total_label = total_label or gettext("All respondents")
    if hide_total:
        reason = Suppressed.FEWER_THAN_5 if total_n < MIN_GROUP else Suppressed.PROTECTING
        total = _hidden_row("total", total_label, reason)
    else:
        total = _shown_row(kind, "total", total_label, total_n, total_counts, options)
    return ResultTable(
        kind=kind,
        options=options,
        groups=tuple(rows),
        total=total,
        rounding_note=rounding_note(kind),
        total_hidden_for_protection=hide_total and total_n >= MIN_GROUP,
    )


# Year-on-year comparison ---------------------------------------------------------------


@dataclass(frozen=True)
class PairedCell:
    """One option in both rounds; a side is None when the option or the row is not shown."""

    option: Option
    earlier: Cell | None
    later: Cell | None

    @property
    def change(self) -> int | None:
        """Change in percentage points between the rounded percentages, when both are shown."""
        if self.earlier is None or self.later is None:
            return None
        return self.later.percent - self.earlier.percent


@dataclass(frozen=True)
class PairedRow:
    key: str
    label: str
    earlier: Row | None
    later: Row | None
    cells: tuple[PairedCell, ...]


@dataclass(frozen=True)
class RoundComparison:
    """Two rounds of a linked question side by side; each side keeps its own n."""

    kind: Kind
    earlier_year: int
    later_year: int
    options: tuple[Option, ...]
    total: PairedRow
    groups: tuple[PairedRow, ...]


def _pair_rows(options, key, label, earlier: Row | None, later: Row | None) -> PairedRow:
    def cells_of(row):
        if row is None or not row.shown:
            return {}
        return {cell.option.key: cell for cell in row.cells}

    earlier_cells, later_cells = cells_of(earlier), cells_of(later)
    cells = tuple(
        PairedCell(option, earlier_cells.get(option.key), later_cells.get(option.key))
        for option in options
    )
    return PairedRow(key=key, label=label, earlier=earlier, later=later, cells=cells)


def compare_rounds(
    *, earlier: ResultTable, later: ResultTable, earlier_year: int, later_year: int
) -> RoundComparison:
    """Pair two rounds' tables of a linked question by option key and by group key.

    Options and groups follow the later round's order; those only in the earlier round
    come after. Each round's suppression stays as it was: nothing is computed across rounds.
    """
    if earlier.kind is not later.kind:
        raise ValueError("linked questions must be of the same kind")
    later_keys = {option.key for option in later.options}
    options = later.options + tuple(o for o in earlier.options if o.key not in later_keys)
    earlier_groups = {row.key: row for row in earlier.groups}
    later_groups = {row.key: row for row in later.groups}
    keys = list(later_groups) + [key for key in earlier_groups if key not in later_groups]
    groups = []
    for key in keys:
        source = later_groups.get(key) or earlier_groups[key]
        groups.append(
            _pair_rows(options, key, source.label, earlier_groups.get(key), later_groups.get(key))
        )
    total = _pair_rows(options, "total", later.total.label, earlier.total, later.total)
    return RoundComparison(
        kind=later.kind,
        earlier_year=earlier_year,
        later_year=later_year,
        options=options,
        total=total,
        groups=tuple(groups),
    )
