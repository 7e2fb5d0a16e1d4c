"""The participation form, its success page, the private status page and the partner page."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.ratelimits import ratelimit
from core.signing import BadToken
from pledges.forms import (
    MAX_PARTNERS,
    PARTNER_PREFIX,
    ParticipateForm,
    PartnerAnswerForm,
    PartnerFormSet,
    WithdrawForm,
    initial_from_data,
)
from pledges.models import Initiative, Partner, Pledge, Submission
from pledges.services import (
    CONFIRM_LINK,
    CONSENT_TEXT_VERSION,
    PARTNER_LINK,
    STATUS_LINK,
    ActionRefused,
    CampaignClosed,
    PartnerAnswerRefused,
    entry_withdraw,
    partner_respond,
    submission_confirm_contact,
    submission_create,
)
from programmes.selectors import campaign_next, campaign_open

SESSION_KEY = "pledges_received"
# Sending the form (and adding partner rows) per client address; generous enough for a
# person, a wall for a script. The middleware answers over the limit with a 429 page.
FORM_RATE = "10/10m"
LINK_RATE = "30/10m"


def _closed(request: HttpRequest, *, too_late: bool = False) -> HttpResponse:
    return render(
        request,
        "pledges/participate/closed.html",
        {"next_campaign": campaign_next(), "too_late": too_late},
    )


def _form_page(request, form, formset, campaign, *, show_errors: bool) -> HttpResponse:
    return render(
        request,
        "pledges/participate/form.html",
        {
            "form": form,
            "formset": formset,
            "campaign": campaign,
            "show_errors": show_errors,
            "can_add_partner": formset.total_form_count() < MAX_PARTNERS,
            "consent_version": CONSENT_TEXT_VERSION,
        },
    )


def _with_one_more_partner(form: ParticipateForm, formset) -> tuple:
    """Unbound copies of the sent form and partner rows plus one empty row (no JS needed)."""
    fresh = ParticipateForm(initial={**initial_from_data(form), "nickname": ""})
    rows = [initial_from_data(row) for row in formset.forms[:MAX_PARTNERS]]
    fresh_set = PartnerFormSet(prefix=PARTNER_PREFIX, initial=rows)
    fresh_set.extra = 1 if len(rows) < MAX_PARTNERS else 0
    return fresh, fresh_set


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=FORM_RATE, method="POST", block=True)
def participate(request: HttpRequest) -> HttpResponse:
    campaign = campaign_open()
    if request.method in ("GET", "HEAD"):
        if campaign is None:
            return _closed(request)
        formset = PartnerFormSet(prefix=PARTNER_PREFIX)
        return _form_page(request, ParticipateForm(), formset, campaign, show_errors=False)

    form = ParticipateForm(request.POST)
    formset = PartnerFormSet(
        request.POST,
        prefix=PARTNER_PREFIX,
        contact_email=request.POST.get(form.add_prefix("contact_email"), ""),
    )
    if form.is_honeypot_hit():
        # Looks like success to the bot; nothing is saved.
        request.session[SESSION_KEY] = None
        return redirect("participate:received")
    if campaign is None:
        return _closed(request, too_late=True)
    if "add_partner" in request.POST:
        form, formset = _with_one_more_partner(form, formset)
        return _form_page(request, form, formset, campaign, show_errors=False)
    form_valid = form.is_valid()
    formset_valid = formset.is_valid()
    if not (form_valid and formset_valid):
        return _form_page(request, form, formset, campaign, show_errors=True)
    try:
        submission = submission_create(
            language=translation.get_language(),
            organisation=form.organisation_data(),
            contact_name=form.cleaned_data["contact_name"],
            contact_email=form.cleaned_data["contact_email"],
            contact_phone=form.cleaned_data["contact_phone"],
            partners=formset.partner_data(),
            pledge=form.pledge_data(),
            initiative=form.initiative_data(),
            themes=list(form.cleaned_data["themes"]),
            consent=form.cleaned_data["consent"],
        )
    except CampaignClosed:
        # The deadline passed while the form was open: nothing was saved.
        return _closed(request, too_late=True)
    request.session[SESSION_KEY] = submission.pk
    return redirect("participate:received")


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    if SESSION_KEY not in request.session:
        return redirect("participate:form")
    submission = None
    pk = request.session[SESSION_KEY]
    if pk is not None:
        submission = _submission_with_details(Submission.objects.filter(pk=pk))
    return render(request, "pledges/participate/received.html", {"submission": submission})


def _submission_with_details(queryset) -> Submission | None:
    return (
        queryset.select_related("organisation", "campaign")
        .prefetch_related(
            Prefetch("pledges", queryset=Pledge.objects.prefetch_related("themes")),
            Prefetch("initiatives", queryset=Initiative.objects.prefetch_related("themes")),
            Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
        )
        .first()
    )


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "pledges/participate/bad_link.html", status=404)


def _submission_from_token(token: str, read) -> Submission | None:
    """The submission a signed link names (read with `read`), or None for a bad link."""
    try:
        submission_id = read(token)
    except BadToken:
        return None
    return _submission_with_details(Submission.objects.filter(pk=submission_id))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=LINK_RATE, method="POST", block=True)
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The submitter's private page: statuses, partners' answers, withdraw buttons."""
    submission = _submission_from_token(token, STATUS_LINK.read)
    if submission is None:
        return _bad_link(request)
    if request.method == "POST":
        # A page from before withdrawing took two steps: its button leads to the question.
        form = WithdrawForm(request.POST)
        if form.is_valid():
            return redirect("participate:withdraw", token=token, entry=form.cleaned_data["entry"])
        return redirect("participate:status", token=token)
    entries = [*submission.pledges.all(), *submission.initiatives.all()]
    confirm_token = None if submission.contact_confirmed_at else CONFIRM_LINK.make(submission.pk)
    return render(
        request,
        "pledges/participate/status.html",
        {
            "submission": submission,
            "entries": entries,
            "token": token,
            "confirm_token": confirm_token,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=LINK_RATE, method="POST", block=True)
def withdraw(request: HttpRequest, token: str, entry: str) -> HttpResponse:
    """Withdrawing one entry: GET explains what it means and asks; only the POST withdraws."""
    try:
        submission_id = STATUS_LINK.read(token)
    except BadToken:
        return _bad_link(request)
    form = WithdrawForm({"entry": entry})
    if not form.is_valid():
        return _bad_link(request)
    kind, pk = form.entry_key()
    model = Initiative if kind == "initiative" else Pledge
    found = model.objects.select_related("submission").filter(pk=pk, submission_id=submission_id)
    found = found.first()
    if found is None:
        return _bad_link(request)
    if request.method == "POST":
        try:
            entry_withdraw(entry=found, note="Withdrawn by the submitter")
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Withdrawn: “%(title)s” will not be published.") % {"title": found}
            )
        return redirect("participate:status", token=token)
    return render(
        request,
        "pledges/participate/withdraw.html",
        {"entry": found, "kind": kind, "token": token},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=LINK_RATE, method="POST", block=True)
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The submitter confirms their address; GET only asks (mail scanners open links)."""
    submission = _submission_from_token(token, CONFIRM_LINK.read)
    if submission is None:
        return _bad_link(request)
    if request.method == "POST":
        submission_confirm_contact(submission=submission)
        return redirect("participate:confirm", token=token)
    return render(
        request,
        "pledges/participate/confirm.html",
        {
            "submission": submission,
            "entries": [*submission.pledges.all(), *submission.initiatives.all()],
            "status_token": STATUS_LINK.make(submission.pk),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=LINK_RATE, method="POST", block=True)
def partner(request: HttpRequest, token: str) -> HttpResponse:
    """A partner organisation confirms or declines; GET only shows the question."""
    try:
        partner_id = PARTNER_LINK.read(token)
    except BadToken:
        return _bad_link(request)
    partner = (
        Partner.objects.select_related("organisation", "submission__organisation")
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        return _bad_link(request)
    if request.method == "POST":
        form = PartnerAnswerForm(request.POST)
        if form.is_valid():
            try:
                partner_respond(partner=partner, confirm=form.cleaned_data["answer"] == "confirm")
            except PartnerAnswerRefused:
                messages.info(
                    request,
                    _("Your organisation has already answered; the answer cannot be changed here."),
                )
            else:
                messages.success(request, _("Thank you: your answer has been recorded."))
        return redirect("participate:partner", token=token)
    submission = partner.submission
    entries = [*submission.pledges.all(), *submission.initiatives.all()]
    return render(
        request,
        "pledges/participate/partner.html",
        {"partner": partner, "submission": submission, "entries": entries},
    )
