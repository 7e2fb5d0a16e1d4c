"""The public organisation page: what an organisation has published in the programme."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.i18n import object_urls
from pledges.selectors import organisation_entries_public, organisation_public


@require_safe
def organisation_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    """An organisation with at least one public entry (or a confirmed partnership in one);
    any other id is a 404, so the page reveals nothing about unpublished submissions."""
    organisation = organisation_public(pk)
    if organisation is None:
        raise Http404
    canonical = organisation.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    return render(
        request,
        "pledges/browse/organisation_detail.html",
        {
            "organisation": organisation,
            "alternate_urls": object_urls(organisation),
            **organisation_entries_public(organisation),
        },
    )
