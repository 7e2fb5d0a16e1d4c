"""Answering the open round: the form, saving to continue later by a signed link, the mail
that carries the link, and the pages after sending. No account and no personal data: an
address is asked only from a respondent who wants the link by mail."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from barometer.forms import AnswerForm, ContinueMailForm, initial_from_response
from barometer.models import Response, Survey
from barometer.selectors import survey_open
from barometer.services import (
    CONTINUE_LINK,
    AlreadySubmitted,
    ContinueMailRefused,
    RoundClosed,
    continue_url,
    response_continue_mail,
    response_save_draft,
    response_submit,
)
from core.ratelimits import ratelimit
from core.signing import BadToken

# Saving or sending the form per client address: generous for a person, a wall for a script
# (as the participation form's FORM_RATE). The middleware answers over it with a 429 page.
FORM_RATE = "10/10m"
MAIL_RATE = "5/10m"
SAVE = "save"
SESSION_MAILED = "barometer_mailed"


def closed(request: HttpRequest, *, too_late: bool = False) -> HttpResponse:
    """The page of a round that does not take answers (now); too_late: answers were refused."""
    return render(
        request,
        "barometer/answer/closed.html",
        {"too_late": too_late, "survey": survey_open()},
    )


def _form_page(
    request: HttpRequest, form: AnswerForm, *, show_errors: bool, token: str = ""
) -> HttpResponse:
    return render(
        request,
        "barometer/answer/form.html",
        {"form": form, "survey": form.survey, "show_errors": show_errors, "token": token},
    )


def _post(request: HttpRequest, survey: Survey, response: Response | None, token: str):
    saving = SAVE in request.POST
    form = AnswerForm(request.POST, survey=survey, sending=not saving)
    if form.is_honeypot_hit():
        # Looks like success to the bot; nothing is saved.
        return redirect("barometer:thanks")
    if not form.is_valid():
        return _form_page(request, form, show_errors=True, token=token)
    background, answers = form.answer_values()
    service = response_save_draft if saving else response_submit
    try:
        response = service(
            survey=survey,
            response=response,
            language=translation.get_language(),
            background=background,
            answers=answers,
        )
    except RoundClosed:
        return closed(request, too_late=True)
    except AlreadySubmitted:
        return _already_sent(request)
    if saving:
        return redirect("barometer:saved", token=CONTINUE_LINK.make(response.pk))
    return redirect("barometer:thanks")


@ratelimit(key="ip", rate=FORM_RATE, method="POST", block=True)
def answer(request: HttpRequest, *, survey: Survey) -> HttpResponse:
    """The open round's form (barometer.views.index calls this while a round is open)."""
    if request.method == "POST":
        return _post(request, survey, None, "")
    return _form_page(request, AnswerForm(survey=survey), show_errors=False)


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "barometer/answer/bad_link.html", status=404)


def _already_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "barometer/answer/already_sent.html")


def _response_from_token(token: str) -> Response | None:
    try:
        response_id = CONTINUE_LINK.read(token)
    except BadToken:
        return None
    return Response.objects.select_related("survey").filter(pk=response_id).first()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=FORM_RATE, method="POST", block=True)
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The continue link: the saved answers in the form, to finish and send (or save again)."""
    response = _response_from_token(token)
    if response is None:
        return _bad_link(request)
    if response.submitted_at is not None:
        return _already_sent(request)
    survey = response.survey
    if not survey.is_open():
        return closed(request, too_late=request.method == "POST")
    if request.method == "POST":
        return _post(request, survey, response, token)
    form = AnswerForm(
        survey=survey, initial=initial_from_response(survey=survey, response=response)
    )
    return _form_page(request, form, show_errors=False, token=token)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=MAIL_RATE, method="POST", block=True)
def saved(request: HttpRequest, token: str) -> HttpResponse:
    """After saving: the continue link to copy, and a form to have it mailed."""
    response = _response_from_token(token)
    if response is None:
        return _bad_link(request)
    if response.submitted_at is not None:
        return _already_sent(request)
    if not response.survey.is_open():
        return closed(request, too_late=request.method == "POST")
    mailed_to = ""
    if request.method == "POST":
        form = ContinueMailForm(request.POST)
        if form.is_honeypot_hit():
            return redirect("barometer:saved", token=token)
        if form.is_valid():
            try:
                response_continue_mail(response=response, email=form.cleaned_data["email"])
            except RoundClosed:
                return closed(request, too_late=True)
            except AlreadySubmitted:
                return _already_sent(request)
            except ContinueMailRefused:
                form.add_error(
                    "email",
                    translation.gettext(
                        "No more links can be mailed to this address or for these answers "
                        "today. Copy the link on this page instead."
                    ),
                )
            else:
                request.session[SESSION_MAILED] = form.cleaned_data["email"]
                return redirect("barometer:saved", token=token)
    else:
        form = ContinueMailForm()
        mailed_to = request.session.pop(SESSION_MAILED, "")
    return render(
        request,
        "barometer/answer/saved.html",
        {
            "survey": response.survey,
            "continue_url": continue_url(response),
            "form": form,
            "show_errors": request.method == "POST",
            "mailed_to": mailed_to,
            "token": token,
        },
    )


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "barometer/answer/thanks.html", {"survey": survey_open()})
