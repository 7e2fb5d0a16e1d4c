"""Private pages of progress reporting: the indicators (through the status link) and a
period's report form (through the reminder's signed link). No JavaScript needed."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.ratelimits import ratelimit
from core.signing import BadToken
from pledges.models import Entry, Pledge
from pledges.progress_forms import (
    IndicatorFormSet,
    IntervalForm,
    ReportForm,
    indicator_initial,
)
from pledges.progress_services import (
    REPORT_LINK,
    ReportRefused,
    indicators_set,
    period_due,
    period_end,
    period_reported,
    report_pledge_from_token,
    report_submit,
)
from pledges.services import STATUS_LINK
from pledges.views import LINK_RATE

INDICATOR_PREFIX = "indicators"


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "pledges/participate/bad_link.html", status=404)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=LINK_RATE, method="POST", block=True)
def indicators(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """The submitter sets the pledge's reporting interval and indicators."""
    try:
        submission_id = STATUS_LINK.read(token)
    except BadToken:
        return _bad_link(request)
    pledge = (
        Pledge.objects.filter(pk=pk, submission_id=submission_id)
        .exclude(status__in=(Entry.Status.WITHDRAWN, Entry.Status.REJECTED))
        .first()
    )
    if pledge is None:
        return _bad_link(request)
    existing = list(pledge.indicators.all())
    if request.method == "POST":
        interval_form = IntervalForm(request.POST)
        formset = IndicatorFormSet(request.POST, prefix=INDICATOR_PREFIX)
        if interval_form.is_valid() and formset.is_valid():
            try:
                indicators_set(
                    pledge=pledge,
                    report_interval_months=interval_form.cleaned_data["report_interval_months"],
                    indicators=formset.indicators(),
                )
            except ReportRefused as exc:
                formset._non_form_errors = formset.error_class([str(exc)])
            else:
                messages.success(request, _("Saved: the reporting settings have been updated."))
                return redirect("participate:indicators", token=token, pk=pledge.pk)
        show_errors = True
    else:
        interval_form = IntervalForm(
            initial={"report_interval_months": pledge.report_interval_months or ""}
        )
        formset = IndicatorFormSet(
            prefix=INDICATOR_PREFIX, initial=[indicator_initial(i) for i in existing]
        )
        show_errors = False
    return render(
        request,
        "pledges/progress/indicators.html",
        {
            "pledge": pledge,
            "token": token,
            "interval_form": interval_form,
            "formset": formset,
            "show_errors": show_errors,
            "reports": pledge.progress_reports.order_by("-period", "-submitted_at"),
            "report_token": _due_report_token(pledge),
        },
    )


def _due_report_token(pledge: Pledge) -> str | None:
    """The report link of the period now due, if it has no report yet (a submitter who
    lost the reminder reports from the status page)."""
    if pledge.status != Entry.Status.PUBLISHED:
        return None
    period = period_due(pledge, timezone.localdate())
    if period < 1 or period_reported(pledge, period):
        return None
    return REPORT_LINK.make(pledge.pk, period)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=LINK_RATE, method="POST", block=True)
def report(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """A period's report: status, text in either language or both, indicator values."""
    try:
        pledge, period = report_pledge_from_token(token, pk)
    except BadToken:
        return _bad_link(request)
    indicators = list(pledge.indicators.all())
    context = {
        "pledge": pledge,
        "period": period,
        "period_end": period_end(pledge, period),
        "token": token,
    }
    if period_reported(pledge, period):
        return render(request, "pledges/progress/report_done.html", context)
    if request.method == "POST":
        form = ReportForm(request.POST, indicators=indicators, auto_id="report-%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                report_submit(
                    token=token,
                    pk=pk,
                    status=data["status"],
                    text_fi=data["text_fi"],
                    text_sv=data["text_sv"],
                    link=data["link"],
                    values=form.values(),
                    language=translation.get_language(),
                )
            except BadToken:
                return _bad_link(request)
            except ReportRefused as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("participate:report", pk=pk, token=token)
    else:
        form = ReportForm(indicators=indicators, auto_id="report-%s")
    return render(request, "pledges/progress/report_form.html", {**context, "form": form})
