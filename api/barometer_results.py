"""A closed barometer round's results as the API gives them: exactly the figures of the
results page and its CSV download (barometer.results.survey_results, suppressed by
barometer.stats), rearranged as JSON. No figure is computed here.

A suppressed row (a group of fewer than 5, or one hidden to protect a small group, or a
hidden total) has no number at all: n, every count and percent, the mean and its n are null,
and `suppressed` says why ("fewer_than_5" or "protecting"). Open answers are left out, as in
the downloads. Labels are given in both languages: the results are read once per language
(the figures do not depend on the language; a fixed number of queries either way).
"""

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import numberformat, translation

from barometer.models import Question, Survey
from barometer.results import NONE, QuestionResult, SurveyResults, survey_results
from barometer.selectors import survey_with_results, surveys_with_results
from barometer.stats import MIN_GROUP, Row

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# Rounds are numbered by year (as barometer.views_results): any other number is no round.
MIN_YEAR, MAX_YEAR = 2000, 2999


def api_barometer_rounds() -> QuerySet[Survey]:
    """Closed rounds (only their results are public), each with its number of submitted
    responses in `api_respondents` (as the home page's teaser counts them)."""
    return surveys_with_results().annotate(
        api_respondents=Count("responses", filter=Q(responses__submitted_at__isnull=False))
    )


def round_respondents(survey: Survey) -> int | None:
    """The round's respondents, or None when fewer than 5 (as the results page)."""
    n = survey.api_respondents
    return n if n >= MIN_GROUP else None


def barometer_round(year: int) -> Survey | None:
    """The closed round of `year`, or None (an open round, a future one, no round)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return survey_with_results(year=year)


def round_urls(survey: Survey, *, breakdown: str = NONE) -> dict:
    """The round's results page and its CSV and XLSX downloads in each language."""
    query = "" if breakdown == NONE else f"?breakdown={breakdown}"
    urls = {"page": {}, "csv": {}, "xlsx": {}}
    names = {"page": "results", "csv": "results_csv", "xlsx": "results_xlsx"}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for key, name in names.items():
                path = reverse(f"barometer:{name}", kwargs={"year": survey.year})
                urls[key][code] = f"{settings.SITE_URL}{path}{query}"
    return urls


def _translated(values: dict[str, str]) -> dict[str, str | None]:
    return {code: values.get(code) or None for code in LANGUAGE_CODES}


def _mean(value: float | None) -> float | None:
    """The mean as the page and the CSV show it: one decimal (the same rounding)."""
    if value is None:
        return None
    return float(numberformat.format(value, ".", decimal_pos=1))


def _row(result: QuestionResult, row: Row, labels: dict[str, str]) -> dict:
    keys = [option.key for option in result.options]
    if not row.shown:
        return {
            "group": row.key,
            "label": _translated(labels),
            "suppressed": row.suppressed.value,
            "n": None,
            "counts": dict.fromkeys(keys),
            "percents": dict.fromkeys(keys),
            "mean": None,
            "mean_n": None,
        }
    cells = {cell.option.key: cell for cell in row.cells}
    mean, mean_n = None, None
    if row.mean is not None:
        mean, mean_n = row.mean, row.mean_n
    elif row.key in result.means:
        mean, mean_n = result.means[row.key], row.n
    return {
        "group": row.key,
        "label": _translated(labels),
        "suppressed": None,
        "n": row.n,
        "counts": {key: cells[key].count if key in cells else None for key in keys},
        "percents": {key: cells[key].percent if key in cells else None for key in keys},
        "mean": _mean(mean),
        "mean_n": mean_n,
    }


def _question(by_language: dict[str, QuestionResult]) -> dict:
    result = by_language[LANGUAGE_CODES[0]]
    question = result.question
    table = result.table
    rows_by_language = {
        code: (other.table.total, *other.table.groups) for code, other in by_language.items()
    }
    rows = []
    for index, row in enumerate((table.total, *table.groups)):
        labels = {code: rows_by_language[code][index].label for code in by_language}
        rows.append(_row(result, row, labels))
    return {
        "number": result.number,
        "kind": "background" if question.background else question.kind,
        "background": question.background or None,
        "section": _translated(
            {code: getattr(question.section, f"title_{code}") for code in LANGUAGE_CODES}
        ),
        "text": _translated({code: getattr(question, f"text_{code}") for code in LANGUAGE_CODES}),
        "options": [
            {
                "key": option.key,
                "label": _translated(
                    {code: by_language[code].options[index].label for code in by_language}
                ),
            }
            for index, option in enumerate(result.options)
        ],
        "total_hidden": not table.total.shown,
        "rows": rows,
    }


def round_results(survey: Survey, *, breakdown: str = NONE) -> dict:
    """The round's results for one breakdown (barometer.results.BREAKDOWNS), every label in
    both languages. Reads only: survey_results once per language."""
    runs: dict[str, SurveyResults] = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            runs[code] = survey_results(survey=survey, breakdown=breakdown)
    first = runs[LANGUAGE_CODES[0]]
    per_language = {code: run.questions() for code, run in runs.items()}
    questions = []
    for index, result in enumerate(first.questions()):
        if result.table is None or result.question.kind == Question.Kind.TEXT:
            continue  # open answers: not in the downloads either
        questions.append(_question({code: per_language[code][index] for code in runs}))
    return {
        "year": survey.year,
        "title": _translated({code: getattr(survey, f"title_{code}") for code in LANGUAGE_CODES}),
        "breakdown": first.breakdown,
        "respondents": first.respondents,
        "questions": questions,
        "urls": round_urls(survey, breakdown=first.breakdown),
    }
