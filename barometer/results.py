"""Reads of a closed round's public results: figures aggregated in the database, then
suppressed and rounded by barometer.stats.

Only SUBMITTED responses count. Every figure comes from GROUP BY queries over the whole round
grouped by question, option and *both* background values (organisation type and region) at
once, so one set of queries serves every breakdown, and their number does not depend on the
number of questions or answers (`survey_results` runs nine queries, whatever the round):

1. the questions (with their sections and earlier versions), 2. their choices,
3. single choice and Likert counts, 4. multiple choice picks, 5. multiple choice respondents,
6. number answers by bin (count and sum), 7. respondents by background ("who answered"),
8. approved open answers per question, 9. one page of them.

The rows those queries return are bounded by questions × options × 8 types × 21 regions,
not by the number of answers; Python only adds them up per breakdown group.

Protection (barometer.stats module docstring): every question's table is built for every
breakdown; when any breakdown has to hide the question's total
(`ResultTable.total_hidden_for_protection`), the total is hidden in every breakdown, on the
page and in the downloads alike (`protect_totals`).

Year-on-year: a question whose `same_as` is a question of an earlier *closed* round of the
same kind is compared with it. The two rounds' choices are different rows, so options are
keyed by their ordinal place in the question (`o1`, `o2`, ... by position, then pk) in both
rounds: the first option of 2020 is paired with the first option of 2022. Likert options
are keyed 1-5 and "cannot_say", number bins by their bounds.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext

from barometer.models import (
    RESPONSE_REGION_CHOICES,
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Response,
    Survey,
)
from barometer.stats import (
    MIN_GROUP,
    Cell,
    Kind,
    Option,
    ResultTable,
    RoundComparison,
    Row,
    Suppressed,
    build_table,
    compare_rounds,
    half_up_percent,
    likert_options,
)
from pledges.models import Organisation

NONE = "none"
ORGANISATION_TYPE = "organisation_type"
REGION = "region"
BREAKDOWNS = (NONE, ORGANISATION_TYPE, REGION)
OPEN_PAGE_SIZE = 50
MAX_PAGE = 10_000

# Number answers are shown in fixed bins (key, lowest, highest or None for no upper bound).
NUMBER_BINS = (
    ("0", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3-5", 3, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21-", 21, None),
)

# (organisation type, region) of a group of respondents in the aggregated rows.
Background = tuple[str, str]


def parse_breakdown(value) -> str:
    """The breakdown asked for, or "none" for anything else (never an error)."""
    return value if isinstance(value, str) and value in BREAKDOWNS else NONE


def parse_page(value) -> int:
    """A page number from 1 to MAX_PAGE; anything else is page 1."""
    try:
        page = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return page if 1 <= page <= MAX_PAGE else 1


def breakdown_choices() -> list[tuple[str, str]]:
    return [
        (NONE, gettext("No breakdown (all respondents)")),
        (ORGANISATION_TYPE, gettext("By organisation type")),
        (REGION, gettext("By region")),
    ]


def breakdown_groups(breakdown: str) -> list[tuple[str, str]]:
    """The groups of a breakdown in their fixed order, empty ones included."""
    if breakdown == ORGANISATION_TYPE:
        return [(key, str(label)) for key, label in Organisation.Type.choices]
    if breakdown == REGION:
        return [(key, str(label)) for key, label in RESPONSE_REGION_CHOICES]
    return []


def _group_of(background: Background, breakdown: str) -> str | None:
    if breakdown == ORGANISATION_TYPE:
        return background[0]
    if breakdown == REGION:
        return background[1]
    return None


def _number_bin_label(key: str) -> str:
    low, high = next((low, high) for k, low, high in NUMBER_BINS if k == key)
    if high is None:
        return gettext("%(number)s or more") % {"number": low}
    if low == high:
        return str(low)
    return f"{low}–{high}"


# Aggregation ---------------------------------------------------------------------------


@dataclass
class Aggregates:
    """Counts per question, per (organisation type, region) and per option key."""

    counts: dict[int, dict[Background, Counter]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )
    # Multiple choice: respondents who picked at least one option.
    respondents: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # Number questions: the sum of the answers, for the mean.
    sums: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))


def _submitted_answers(question_ids: Iterable[int]):
    return Answer.objects.filter(
        question_id__in=list(question_ids), response__submitted_at__isnull=False
    )


def aggregate(questions: list[Question], choice_keys: dict[int, str]) -> Aggregates:
    """Four GROUP BY queries over the submitted answers to `questions` (of any rounds)."""
    result = Aggregates()
    by_kind = defaultdict(list)
    for question in questions:
        if not question.background:
            by_kind[question.kind].append(question.pk)
    type_, region = "response__organisation_type", "response__region"

    plain = by_kind[Question.Kind.SINGLE] + by_kind[Question.Kind.LIKERT]
    if plain:
        likert_ids = set(by_kind[Question.Kind.LIKERT])
        rows = (
            _submitted_answers(plain)
            .values_list("question_id", "choice_id", "likert", type_, region)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for question_id, choice_id, likert, org_type, reg, n in rows:
            if question_id in likert_ids:
                key = str(likert) if likert is not None else "cannot_say"
            else:  # single choice: an answer without a choice is no answer
                key = choice_keys.get(choice_id)
            if key is not None:
                result.counts[question_id][(org_type, reg)][key] += n

    multiple = by_kind[Question.Kind.MULTIPLE]
    if multiple:
        picks = AnswerChoice.objects.filter(
            answer__question_id__in=multiple, answer__response__submitted_at__isnull=False
        )
        rows = (
            picks.values_list(
                "answer__question_id",
                "choice_id",
                "answer__response__organisation_type",
                "answer__response__region",
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        for question_id, choice_id, org_type, reg, n in rows:
            if (key := choice_keys.get(choice_id)) is not None:
                result.counts[question_id][(org_type, reg)][key] += n
        rows = (
            picks.values_list(
                "answer__question_id",
                "answer__response__organisation_type",
                "answer__response__region",
            )
            .annotate(n=Count("answer_id", distinct=True))
            .order_by()
        )
        for question_id, org_type, reg, n in rows:
            result.respondents[question_id][(org_type, reg)] += n

    numbers = by_kind[Question.Kind.NUMBER]
    if numbers:
        bin_of = Case(
            *(
                When(
                    Q(number__gte=low) & (Q() if high is None else Q(number__lte=high)),
                    then=Value(key),
                )
                for key, low, high in NUMBER_BINS
            ),
            output_field=CharField(),
        )
        rows = (
            _submitted_answers(numbers)
            .filter(number__isnull=False)
            .annotate(bin=bin_of)
            .values_list("question_id", "bin", type_, region)
            .annotate(n=Count("pk"), total=Sum("number"))
            .order_by()
        )
        for question_id, key, org_type, reg, n, total in rows:
            result.counts[question_id][(org_type, reg)][key] += n
            result.sums[question_id][(org_type, reg)] += total
    return result


def respondents_by_background(survey: Survey) -> Counter:
    """Submitted responses per (organisation type, region): one query."""
    rows = (
        Response.objects.filter(survey=survey, submitted_at__isnull=False)
        .values_list("organisation_type", "region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(org_type, reg): n for org_type, reg, n in rows})


# Tables ----------------------------------------------------------------------------------


def _split(cells: dict[Background, Counter], breakdown: str) -> tuple[dict[str, Counter], Counter]:
    """Per group of the breakdown (all of its groups, in order) and in total."""
    groups = {key: Counter() for key, _label in breakdown_groups(breakdown)}
    total = Counter()
    for background, counter in cells.items():
        total.update(counter)
        group = _group_of(background, breakdown)
        if group in groups:
            groups[group].update(counter)
    return groups, total


def question_options(question: Question, choices: list[Choice]) -> tuple[Option, ...]:
    if question.kind == Question.Kind.LIKERT:
        return likert_options(low_label=question.low_label, high_label=question.high_label)
    if question.kind == Question.Kind.NUMBER:
        return tuple(Option(key, _number_bin_label(key)) for key, _low, _high in NUMBER_BINS)
    return tuple(Option(f"o{index}", choice.text) for index, choice in enumerate(choices, 1))


def _stats_kind(question: Question) -> Kind:
    if question.kind == Question.Kind.MULTIPLE:
        return Kind.MULTIPLE
    if question.kind == Question.Kind.LIKERT:
        return Kind.LIKERT
    return Kind.SINGLE  # single choice, and number answers in their bins


def question_table(
    *,
    question: Question,
    options: tuple[Option, ...],
    aggregates: Aggregates,
    breakdown: str,
) -> ResultTable:
    """The suppressed table of one question for one breakdown (no cross-breakdown rule)."""
    kind = _stats_kind(question)
    option_keys = {option.key for option in options}
    cells = {
        background: Counter({k: v for k, v in counter.items() if k in option_keys})
        for background, counter in aggregates.counts.get(question.pk, {}).items()
    }
    groups, total = _split(cells, breakdown)
    respondents = total_respondents = None
    if kind is Kind.MULTIPLE:
        per_background = aggregates.respondents.get(question.pk, Counter())
        split_groups, _total = _split(
            {bg: Counter(n=n) for bg, n in per_background.items()}, breakdown
        )
        respondents = {key: counter["n"] for key, counter in split_groups.items()}
        total_respondents = sum(per_background.values())
    return build_table(
        kind=kind,
        options=options,
        counts=groups,
        total_counts=total,
        group_labels=dict(breakdown_groups(breakdown)),
        respondents=respondents,
        total_respondents=total_respondents,
    )


def protect_totals(tables: dict[str, ResultTable]) -> dict[str, ResultTable]:
    """Hide a question's total in every breakdown when any breakdown must hide it: the
    total is the same figure in all of them (stats module docstring, rule 2)."""
    if not any(table.total_hidden_for_protection for table in tables.values()):
        return tables
    protected = {}
    for key, table in tables.items():
        if table.total.shown:
            hidden = Row(
                key=table.total.key,
                label=table.total.label,
                n=None,
                cells=(),
                suppressed=Suppressed.PROTECTING,
            )
            table = dataclasses.replace(table, total=hidden, total_hidden_for_protection=True)
        protected[key] = table
    return protected


def number_means(
    question: Question, table: ResultTable, aggregates: Aggregates, breakdown: str
) -> dict[str, float]:
    """Means of a number question's shown rows (key "total" for the total row)."""
    sums = aggregates.sums.get(question.pk, Counter())
    groups, total = _split({bg: Counter(s=s) for bg, s in sums.items()}, breakdown)
    means = {}
    for row in (table.total, *table.groups):
        if not row.shown or not row.n:
            continue
        value = total["s"] if row.key == "total" else groups[row.key]["s"]
        means[row.key] = value / row.n
    return means


def who_answered_table(
    *, background: str, counts: Counter, total_label: str | None = None
) -> ResultTable:
    """Respondents by one background question: each group's n (or "fewer than 5", with the
    same complementary suppression as any table) and its share of all respondents."""
    index = 0 if background == ORGANISATION_TYPE else 1
    per_group = Counter()
    for key, n in counts.items():
        per_group[key[index]] += n
    option = Option("respondents", gettext("Respondents"))
    groups = breakdown_groups(background)
    table = build_table(
        kind=Kind.SINGLE,
        options=(option,),
        counts={key: {"respondents": per_group[key]} for key, _label in groups},
        total_counts={"respondents": sum(counts.values())},
        group_labels=dict(groups),
        total_label=total_label,
    )
    share = Option("share", gettext("share of all respondents"))
    total_n = table.total.n

    def with_share(row: Row) -> Row:
        if not row.shown or not total_n:
            return row
        percent = half_up_percent(row.n, total_n)
        return dataclasses.replace(row, cells=(Cell(option=share, count=row.n, percent=percent),))

    return dataclasses.replace(
        table,
        options=(share,),
        groups=tuple(with_share(row) for row in table.groups),
        total=with_share(table.total),
        rounding_note=gettext(
            "Shares of all respondents, rounded to whole percents. Groups with fewer than 5 "
            "respondents are not shown."
        ),
    )


# The page --------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    number: int
    options: tuple[Option, ...] = ()
    table: ResultTable | None = None  # the chosen breakdown's
    tables: dict[str, ResultTable] = field(default_factory=dict)  # every breakdown's
    means: dict[str, float] = field(default_factory=dict)  # number questions
    comparison: RoundComparison | None = None
    earlier_question: Question | None = None
    open_answers: list[str] = field(default_factory=list)
    open_count: int = 0
    chart: str = ""  # SVG markup, set by the view
    comparison_chart: str = ""

    @property
    def rows(self) -> tuple[Row, ...]:
        """The total first, then the breakdown's groups."""
        if self.table is None:
            return ()
        return (self.table.total, *self.table.groups)

    @property
    def hidden_colspan(self) -> int:
        """Columns a suppressed row's marker spans: n, the options, the mean columns."""
        extra = {Question.Kind.LIKERT: 2, Question.Kind.NUMBER: 1}.get(self.question.kind, 0)
        return 1 + len(self.options) + extra

    @property
    def comparison_sides(self) -> tuple[Row | None, Row | None]:
        if self.comparison is None:
            return ()
        return (self.comparison.total.earlier, self.comparison.total.later)

    @property
    def is_background(self) -> bool:
        return bool(self.question.background)

    @property
    def is_text(self) -> bool:
        return self.question.kind == Question.Kind.TEXT

    @property
    def is_number(self) -> bool:
        return self.question.kind == Question.Kind.NUMBER

    @property
    def by_group(self) -> bool:
        return bool(self.table and self.table.groups)

    @property
    def open_pages(self) -> int:
        return max(1, -(-self.open_count // OPEN_PAGE_SIZE))


@dataclass
class SectionResult:
    section_title: str
    section_description: str
    questions: list[QuestionResult]


@dataclass
class SurveyResults:
    survey: Survey
    breakdown: str
    page: int
    respondents: int | None  # None when fewer than 5
    sections: list[SectionResult]

    def questions(self) -> list[QuestionResult]:
        return [question for section in self.sections for question in section.questions]


def _choice_keys(choices: list[Choice]) -> tuple[dict[int, list[Choice]], dict[int, str]]:
    per_question: dict[int, list[Choice]] = defaultdict(list)
    for choice in choices:
        per_question[choice.question_id].append(choice)
    keys = {}
    for question_choices in per_question.values():
        question_choices.sort(key=lambda c: (c.position, c.pk))
        for index, choice in enumerate(question_choices, 1):
            keys[choice.pk] = f"o{index}"
    return per_question, keys


def _earlier_ok(question: Question, survey: Survey, at) -> bool:
    earlier = question.same_as
    return (
        earlier is not None
        and earlier.kind == question.kind
        and not question.background
        and not earlier.background
        and question.kind != Question.Kind.TEXT
        and earlier.section.survey_id != survey.pk
        and earlier.section.survey.closes_at <= at
        and earlier.section.survey.year < survey.year
    )


def all_tables(
    question: Question, options: tuple[Option, ...], aggregates: Aggregates
) -> dict[str, ResultTable]:
    """The question's table in every breakdown, totals protected across them."""
    return protect_totals(
        {
            breakdown: question_table(
                question=question, options=options, aggregates=aggregates, breakdown=breakdown
            )
            for breakdown in BREAKDOWNS
        }
    )


def open_answers(
    question_ids: list[int], page: int
) -> tuple[dict[int, list[str]], dict[int, int], int]:
    """Approved open answers (their text only, in the order they were given), one page per
    question; the page is clamped to the last page there is. Two queries."""
    approved = (
        _submitted_answers(question_ids)
        .filter(moderation=Answer.Moderation.APPROVED)
        .exclude(text="")
    )
    counts = dict(
        approved.values_list("question_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("question_id", "n")
    )
    last = max([-(-n // OPEN_PAGE_SIZE) for n in counts.values()] or [1])
    page = min(page, last)
    texts: dict[int, list[str]] = defaultdict(list)
    if counts:
        ranked = approved.annotate(
            rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").asc())
        ).filter(rank__gt=(page - 1) * OPEN_PAGE_SIZE, rank__lte=page * OPEN_PAGE_SIZE)
        for question_id, text in ranked.order_by("question_id", "rank").values_list(
            "question_id", "text"
        ):
            texts[question_id].append(text)
    return texts, counts, page


def survey_results(
    *, survey: Survey, breakdown: str = NONE, page: int = 1, at=None
) -> SurveyResults:
    """Everything the results page and the downloads show of a closed round, in a fixed
    number of queries (module docstring). `breakdown` must be one of BREAKDOWNS."""
    at = at or timezone.now()
    breakdown = parse_breakdown(breakdown)
    questions = list(
        Question.objects.filter(section__survey=survey)
        .select_related("section", "same_as__section__survey")
        .order_by("section__position", "section", "position", "pk")
    )
    earlier = {q.pk: q.same_as for q in questions if _earlier_ok(q, survey, at)}
    measured = [q for q in questions if q.kind != Question.Kind.TEXT] + list(earlier.values())
    choices = list(
        Choice.objects.filter(
            question_id__in=[
                q.pk for q in measured if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
            ]
        )
    )
    per_question, keys = _choice_keys(choices)
    aggregates = aggregate(measured, keys)
    backgrounds = respondents_by_background(survey)
    total_respondents = sum(backgrounds.values())
    text_ids = [q.pk for q in questions if q.kind == Question.Kind.TEXT]
    texts, text_counts, page = open_answers(text_ids, page) if text_ids else ({}, {}, 1)

    sections: list[SectionResult] = []
    for number, question in enumerate(questions, 1):
        if not sections or sections[-1].questions[0].question.section_id != question.section_id:
            sections.append(
                SectionResult(question.section.title, question.section.description or "", [])
            )
        result = QuestionResult(question=question, number=number)
        if question.background:
            table = who_answered_table(background=question.background, counts=backgrounds)
            result.table, result.options = table, table.options
        elif question.kind == Question.Kind.TEXT:
            result.open_answers = texts.get(question.pk, [])
            result.open_count = text_counts.get(question.pk, 0)
        else:
            result.options = question_options(question, per_question.get(question.pk, []))
            result.tables = all_tables(question, result.options, aggregates)
            result.table = result.tables[breakdown]
            if question.kind == Question.Kind.NUMBER:
                result.means = number_means(question, result.table, aggregates, breakdown)
            if (previous := earlier.get(question.pk)) is not None:
                previous_options = question_options(previous, per_question.get(previous.pk, []))
                previous_table = all_tables(previous, previous_options, aggregates)[NONE]
                result.earlier_question = previous
                result.comparison = compare_rounds(
                    earlier=previous_table,
                    later=result.tables[NONE],
                    earlier_year=previous.section.survey.year,
                    later_year=survey.year,
                )
        sections[-1].questions.append(result)
    return SurveyResults(
        survey=survey,
        breakdown=breakdown,
        page=page,
        respondents=total_respondents if total_respondents >= MIN_GROUP else None,
        sections=sections,
    )


# Downloads -------------------------------------------------------------------------------


def _figure(value: float) -> str:
    return number_format(value, 1, use_l10n=True)


def download_rows(results: SurveyResults) -> tuple[list[str], list[list]]:
    """The aggregated results as one row per question, group and option: exactly the
    figures of the page (suppressed the same way), open answers left out."""
    header = [
        gettext("Question number"),
        gettext("Question"),
        gettext("Group"),
        gettext("Respondents (n)"),
        gettext("Option"),
        gettext("Count"),
        gettext("Percent"),
        gettext("Mean"),
        gettext("n of the mean"),
    ]
    rows: list[list] = []
    for result in results.questions():
        table = result.table
        if table is None:
            continue
        for row in (table.total, *table.groups):
            start = [result.number, result.question.text, row.label]
            if not row.shown:
                rows.append([*start, row.suppressed.label, "", "", "", "", ""])
                continue
            mean, mean_n = "", ""
            if row.mean is not None:
                mean, mean_n = _figure(row.mean), row.mean_n
            elif row.key in result.means:
                mean, mean_n = _figure(result.means[row.key]), row.n
            for cell in row.cells:
                rows.append(
                    [*start, row.n, cell.option.label, cell.count, cell.percent, mean, mean_n]
                )
    return header, rows


def download_filename(survey: Survey, breakdown: str, extension: str) -> str:
    name = pgettext("file name", "barometer-%(year)s-results") % {"year": survey.year}
    if breakdown == ORGANISATION_TYPE:
        name += "-" + pgettext("file name", "by-organisation-type")
    elif breakdown == REGION:
        name += "-" + pgettext("file name", "by-region")
    return f"{name}.{extension}"
