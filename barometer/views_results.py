"""A closed round's results: /fi/barometri/<vuosi>/, /sv/barometer/<år>/, and the same
figures as CSV and XLSX. Only closed rounds have public results; anything else is a 404.
The breakdown comes from a plain GET form; an unknown value means no breakdown."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from barometer import charts
from barometer.models import Survey
from barometer.results import (
    NONE,
    breakdown_choices,
    download_filename,
    download_rows,
    parse_breakdown,
    parse_page,
    survey_results,
)
from barometer.selectors import survey_with_results, surveys_with_results
from core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes

# Rounds are numbered by year; anything outside this range is not a round.
MIN_YEAR, MAX_YEAR = 2000, 2999


def _survey(year: int) -> Survey:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    survey = survey_with_results(year=year)
    if survey is None:
        raise Http404
    return survey


def _charts(results) -> None:
    """Attach each question's SVG (ids unique on the page: they carry the question's pk)."""
    for result in results.questions():
        text = result.question.text
        if result.table is not None:
            result.chart = charts.bar_chart(
                table=result.table,
                title=text,
                chart_id=f"chart-q{result.question.pk}",
                by_group=result.by_group or result.is_background,
            )
        if result.comparison is not None:
            result.comparison_chart = charts.comparison_chart(
                comparison=result.comparison,
                title=text,
                chart_id=f"chart-q{result.question.pk}-years",
            )


def results_page(request: HttpRequest, *, survey: Survey) -> HttpResponse:
    breakdown = parse_breakdown(request.GET.get("breakdown"))
    results = survey_results(
        survey=survey, breakdown=breakdown, page=parse_page(request.GET.get("page", 1))
    )
    _charts(results)
    language = translation.get_language()
    event = survey.event if survey.event and survey.event.is_published else None
    news_item = survey.news_item
    if news_item is not None and not news_item.is_public_in(language):
        news_item = None
    others = [s for s in surveys_with_results().only("pk", "year") if s.pk != survey.pk]
    return render(
        request,
        "barometer/results/results.html",
        {
            "survey": survey,
            "results": results,
            "breakdown": breakdown,
            "breakdown_choices": breakdown_choices(),
            "breakdown_query": "" if breakdown == NONE else f"?breakdown={breakdown}",
            "other_rounds": others,
            "event": event,
            "news_item": news_item,
        },
    )


@require_safe
def results(request: HttpRequest, year: int) -> HttpResponse:
    return results_page(request, survey=_survey(year))


def _download(request: HttpRequest, year: int, extension: str) -> tuple[bytes, str]:
    survey = _survey(year)
    breakdown = parse_breakdown(request.GET.get("breakdown"))
    results = survey_results(survey=survey, breakdown=breakdown)
    header, rows = download_rows(results)
    if extension == "csv":
        content = csv_bytes(header, rows)
    else:
        content = xlsx_bytes(str(survey.year), header, rows)
    return content, download_filename(survey, breakdown, extension)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def results_csv(request: HttpRequest, year: int) -> HttpResponse:
    content, filename = _download(request, year, "csv")
    return _attachment(content, filename, CSV_CONTENT_TYPE)


@require_safe
def results_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    content, filename = _download(request, year, "xlsx")
    return _attachment(content, filename, XLSX_CONTENT_TYPE)
