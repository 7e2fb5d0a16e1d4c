"""The government's integration measures: the list by government term, one measure."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from core.i18n import object_urls
from programmes.forms import MeasureFilterForm
from programmes.selectors import measure_public_by_pk, measure_terms_grouped


@require_safe
def measure_list(request: HttpRequest) -> HttpResponse:
    form = MeasureFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"status": "", "kind": "", "theme": None}
    terms = measure_terms_grouped(**filters)
    return render(
        request,
        "programmes/measure_list.html",
        {
            "form": form if request.GET else MeasureFilterForm(),
            "terms": terms,
            "count": sum(len(measures) for _term, measures in terms),
            "filtered": any(filters.values()),
        },
    )


@require_safe
def measure_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    measure = measure_public_by_pk(pk, language=translation.get_language())
    if measure is None:
        raise Http404
    canonical = measure.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    return render(
        request,
        "programmes/measure_detail.html",
        {
            "measure": measure,
            "term": measure.term,
            "changes": list(measure.status_changes.all()),
            "alternate_urls": object_urls(measure),
        },
    )
