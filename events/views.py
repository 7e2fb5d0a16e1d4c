from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.i18n import object_urls
from core.ratelimits import ratelimit
from events import selectors, services
from events.forms import EventFilterForm, RegistrationForm
from events.ics import calendar_text, event_ics
from events.models import Registration

PAGE_SIZE = 20
FEED_SIZE = 200


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = (
        form.filters()
        if request.GET
        else {"when": "upcoming", "kind": "", "theme": None, "region": ""}
    )
    events = selectors.events_filtered(**filters).prefetch_related("themes")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form if request.GET else EventFilterForm(initial={"when": "upcoming"}),
            "page": page,
            "events": page.object_list,
            "past": filters["when"] == "past",
            "filtered": any(filters[key] for key in ("kind", "theme", "region")),
            "query": query.urlencode(),
        },
    )


def _event_or_404(pk: int):
    event = selectors.event_public_by_pk(pk)
    if event is None:
        raise Http404
    return event


@require_safe
def event_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    event = _event_or_404(pk)
    canonical = event.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    free = selectors.event_free_places(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "free_places": free,
            "registration_open": event.registration_is_open(),
            "is_past": event.is_past(),
            "now": timezone.now(),
            "alternate_urls": object_urls(event),
        },
    )


def _event_urls(event, name: str) -> dict[str, str]:
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(name, kwargs={"pk": event.pk})
    return urls


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    language = translation.get_language()
    error = ""
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event_id=event.pk,
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    language=data["language"],
                    needs=data["needs"],
                )
            except services.AlreadyRegistered:
                error = _(
                    "This email address is already registered for this event. The confirmation "
                    "mail has a link to cancel the registration."
                )
            except services.RegistrationClosed:
                error = _("Registration for this event is closed.")
            else:
                return redirect("events:registered", token=services.done_token(registration))
    else:
        form = RegistrationForm(initial={"language": language})
    status = 200
    if request.method == "POST" and (form.errors or error):
        status = 400
    full = selectors.event_free_places(event) == 0
    return render(
        request,
        "events/event_register.html",
        {
            "event": event,
            "form": form,
            "error": error,
            "full": full,
            "registration_open": event.registration_is_open(),
            "alternate_urls": _event_urls(event, "events:register"),
        },
        status=status,
    )


@require_safe
def event_registered(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_from_token(token, link=services.DONE_LINK)
    if registration is None or not registration.event.is_published:
        return render(request, "events/link_invalid.html", status=404)
    return render(
        request,
        "events/registration_done.html",
        {"registration": registration, "event": registration.event},
    )


@ratelimit(key="ip", rate="20/m", method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (mail scanners follow links); POST cancels."""
    registration = services.registration_from_token(token, link=services.CANCEL_LINK)
    if registration is None:
        return render(request, "events/link_invalid.html", status=404)
    event = registration.event
    too_late = not services.cancellation_open(event)
    cancelled_now = False
    if request.method == "POST" and registration.is_active:
        try:
            registration = services.registration_cancel(registration_id=registration.pk)
        except services.CancellationClosed:
            too_late = True  # the page says why, in the visitor's language
        else:
            cancelled_now = True
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": event,
            "too_late": too_late,
            "cancelled_now": cancelled_now,
            "already_cancelled": registration.status == Registration.Status.CANCELLED
            and not cancelled_now,
        },
    )


@require_safe
def event_ics_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    response = HttpResponse(
        event_ics(event, language=translation.get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    events = selectors.events_upcoming()[:FEED_SIZE]
    text = calendar_text(
        events,
        language=translation.get_language(),
        name=_("Events of the partnership programme"),
    )
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")
