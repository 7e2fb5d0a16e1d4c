"""/fi/barometri/ and /sv/barometer/: the open round's form, or else the latest results."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometer import views_answer, views_results
from barometer.selectors import survey_open, surveys_with_results


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    survey = survey_open()
    if survey is not None:
        return views_answer.answer(request, survey=survey)
    if request.method == "POST":
        # The round closed while the form was open: refused, and said so.
        return views_answer.closed(request, too_late=True)
    latest = surveys_with_results().first()
    if latest is None:
        raise Http404
    return views_results.results_page(request, survey=latest)
