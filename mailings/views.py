"""Public pages: subscribe, confirm, manage preferences, unsubscribe, newsletter archive."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.localized import in_language
from core.ratelimits import ratelimit
from core.signing import BadToken, SignedLink
from mailings import selectors, services
from mailings.forms import PreferencesForm, SubscribeForm
from mailings.models import SUBSCRIBER_LINKS, Newsletter, Subscriber

FORM_RATE = "10/m"


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "mailings/link_invalid.html", status=400)


def _withdrawn_link(request: HttpRequest) -> HttpResponse:
    # 410: the link was valid once, and an unsubscription since has ended it for good.
    return render(request, "mailings/confirm_withdrawn.html", status=410)


def _subscriber_from(request: HttpRequest, purpose: str, token: str) -> Subscriber | None:
    try:
        subscriber_id = SUBSCRIBER_LINKS[purpose].read(token)
    except BadToken:
        return None
    return Subscriber.objects.filter(pk=subscriber_id).first()


@ratelimit(key="ip", rate=FORM_RATE, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            if not form.is_bot():
                services.subscription_request(
                    email=form.cleaned_data["email"],
                    language=form.cleaned_data["language"],
                    topics=form.cleaned_data["topics"],
                    source=f"web form {request.path}",
                )
            return redirect("newsletter:subscribe_sent")
    else:
        form = SubscribeForm(initial={"language": language, "topics": ["newsletter"]})
    return render(
        request,
        "mailings/subscribe.html",
        {"form": form, "consent_text": services.consent_text(language)},
        status=400 if form.is_bound else 200,
    )


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "mailings/subscribe_sent.html")


@ratelimit(key="ip", rate=FORM_RATE, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (link scanners open links with GET)."""
    subscriber = _subscriber_from(request, "confirm", token)
    if subscriber is None:
        return _invalid_link(request)
    issued_at = SignedLink.issued_at(token)
    if selectors.confirmation_is_withdrawn(subscriber=subscriber, issued_at=issued_at):
        return _withdrawn_link(request)
    if request.method == "POST":
        try:
            subscriber = services.subscription_confirm(
                subscriber_id=subscriber.pk, issued_at=issued_at
            )
        except services.ConfirmationWithdrawn:  # unsubscribed since the page was opened
            return _withdrawn_link(request)
        if subscriber is None:
            return _invalid_link(request)
        return render(
            request,
            "mailings/confirm_done.html",
            {"subscriber": subscriber, "manage_url": services.manage_url(subscriber=subscriber)},
        )
    return render(request, "mailings/confirm.html", {"subscriber": subscriber})


@ratelimit(key="ip", rate=FORM_RATE, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber_from(request, "manage", token)
    if subscriber is None:
        return _invalid_link(request)
    saved = False
    refused = ""
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.subscription_update(
                    subscriber=subscriber,
                    language=form.cleaned_data["language"],
                    topics=form.cleaned_data["topics"],
                )
                saved = True
            except services.SubscriptionNotConfirmed as exc:
                refused = str(exc)
    else:
        form = PreferencesForm(
            initial={"language": subscriber.language, "topics": subscriber.topics}
        )
    return render(
        request,
        "mailings/manage.html",
        {
            "form": form,
            "subscriber": subscriber,
            "saved": saved,
            "refused": refused,
            "unsubscribe_token": SUBSCRIBER_LINKS["unsubscribe"].make(subscriber.pk),
        },
        status=409 if refused else 400 if form.is_bound and not form.is_valid() else 200,
    )


@csrf_exempt  # mail programs POST the one-click unsubscribe (RFC 8058) without a token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (scanners never unsubscribe anyone); POST unsubscribes."""
    try:
        subscriber_id = SUBSCRIBER_LINKS["unsubscribe"].read(token)
    except BadToken:
        return _invalid_link(request)
    if request.method == "POST":
        services.unsubscribe(subscriber_id=subscriber_id)
        return render(request, "mailings/unsubscribe_done.html")
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    return render(request, "mailings/unsubscribe.html", {"subscriber": subscriber})


def archive(request: HttpRequest) -> HttpResponse:
    newsletters = selectors.newsletter_archive(language=translation.get_language())
    return render(request, "mailings/newsletter_archive.html", {"newsletters": newsletters})


def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = get_object_or_404(Newsletter, pk=pk, status=Newsletter.Status.SENT)
    if not any(newsletter.has_edition(code) for code in ("fi", "sv")):
        raise Http404
    from mailings.markdown import markdown_html

    language = translation.get_language()
    edition = language if newsletter.has_edition(language) else ("sv" if language == "fi" else "fi")
    return render(
        request,
        "mailings/newsletter_detail.html",
        {
            "newsletter": newsletter,
            "edition": edition,
            "subject": in_language(newsletter, "subject", edition, ""),
            "body_html": markdown_html(in_language(newsletter, "body", edition, "")),
        },
    )
