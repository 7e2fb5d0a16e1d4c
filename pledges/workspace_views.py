"""The password-less workspace: asking for a sign-in link, using it, the workspace itself
and signing out (services in pledges.workspace). Never cached: every page is personal or
carries a CSRF token."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.ratelimits import ratelimit
from pledges.workspace import (
    SESSION_EMAIL,
    SESSION_SINCE,
    SignInRefused,
    workspace_for,
    workspace_session_email,
    workspace_sign_in,
    workspace_sign_in_check,
    workspace_sign_in_request,
)
from pledges.workspace_forms import SignInRequestForm

# Asking for links per client address: enough for a person who mistypes, a wall for a
# script probing addresses (each address also gets at most 3 mails an hour).
REQUEST_RATE = "5/10m"
SIGN_IN_RATE = "30/10m"


def _request_page(request: HttpRequest, form: SignInRequestForm, *, status: int = 200):
    return render(request, "pledges/workspace/request.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=REQUEST_RATE, method="POST", block=True)
def workspace(request: HttpRequest) -> HttpResponse:
    """The workspace of the signed-in address; without one, the form asking for a link.
    A POST asks for a link and always gets the same answer."""
    if request.method == "POST":
        form = SignInRequestForm(request.POST, auto_id="workspace-%s")
        if form.is_honeypot_hit():
            return redirect("workspace:sent")
        if not form.is_valid():
            return _request_page(request, form)
        workspace_sign_in_request(
            email=form.cleaned_data["email"], language=translation.get_language()
        )
        return redirect("workspace:sent")
    email = workspace_session_email(request.session)
    if email is None:
        return _request_page(request, SignInRequestForm(auto_id="workspace-%s"))
    return render(
        request,
        "pledges/workspace/workspace.html",
        {"email": email, **workspace_for(email)},
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "pledges/workspace/sent.html")


def _refused(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pledges/workspace/bad_link.html",
        {"form": SignInRequestForm(auto_id="workspace-%s")},
        status=404,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=SIGN_IN_RATE, method="POST", block=True)
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links; that must not use them up); the POST
    uses the link, puts the address in a fresh session and opens the workspace."""
    if request.method == "POST":
        try:
            email = workspace_sign_in(token=token)
        except SignInRefused:
            return _refused(request)
        request.session.cycle_key()
        request.session[SESSION_EMAIL] = email
        request.session[SESSION_SINCE] = timezone.now().timestamp()
        return redirect("workspace:workspace")
    try:
        workspace_sign_in_check(token)
    except SignInRefused:
        return _refused(request)
    return render(request, "pledges/workspace/sign_in.html", {"token": token})


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return redirect("workspace:workspace")
