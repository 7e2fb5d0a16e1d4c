"""Admin of progress reporting: the report review (publish, return with a message), the
indicators inline on the pledge, and the export of pledges whose report is overdue."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline

from audit.admin import AuditHistoryInline
from core.exports import CSV_CONTENT_TYPE, csv_bytes
from pledges.admin_actions import confirmation, run_for_each
from pledges.progress import Indicator, IndicatorValue, ProgressReport
from pledges.progress_services import ReportRefused, report_publish, report_return


class IndicatorInline(TranslationTabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "baseline", "target", "target_date", "position"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["indicator", "value"]
    readonly_fields = ["indicator", "value"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the submitter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by email with a link for sending a new report."),
    )


def _apply(modeladmin, request, queryset, service, done_message) -> None:
    run_for_each(modeladmin, request, queryset, service, done_message, refused=ReportRefused)


@admin.action(description=_("Publish the selected reports"), permissions=["publish"])
def publish_reports(modeladmin, request, queryset) -> HttpResponse | None:
    if "apply" not in request.POST:
        return confirmation(
            modeladmin,
            request,
            queryset,
            action="publish_reports",
            title=_("Publish the selected reports"),
            intro=_("These reports will be published on their pledges' public pages:"),
            button=_("Yes, publish"),
        )
    _apply(
        modeladmin,
        request,
        queryset,
        lambda r: report_publish(report=r, by=request.user),
        lambda n: (
            ngettext("%(count)d report published.", "%(count)d reports published.", n)
            % {"count": n}
        ),
    )
    return None


@admin.action(description=_("Return the selected reports with a message"), permissions=["publish"])
def return_reports(modeladmin, request, queryset) -> HttpResponse | None:
    form = ReturnForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        message = form.cleaned_data["message"]
        _apply(
            modeladmin,
            request,
            queryset,
            lambda r: report_return(report=r, by=request.user, message=message),
            lambda n: (
                ngettext("%(count)d report returned.", "%(count)d reports returned.", n)
                % {"count": n}
            ),
        )
        return None
    return confirmation(
        modeladmin,
        request,
        queryset,
        action="return_reports",
        title=_("Return the selected reports with a message"),
        intro=_("These reports will be returned to their submitters and not published:"),
        button=_("Return"),
        form=form,
    )


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["pledge_title", "period_end", "status", "review", "submitted_at"]
    list_filter = ["review", "status", "language"]
    search_fields = ["pledge__title_fi", "pledge__title_sv", "pledge__organisation__name"]
    list_select_related = ["pledge"]
    # Reports change only through the actions (each leaves its audit event).
    readonly_fields = [
        "pledge",
        "period",
        "period_end",
        "status",
        "text_fi",
        "text_sv",
        "link",
        "language",
        "submitted_at",
        "review",
        "returned_message",
        "reviewed_at",
        "reviewed_by",
    ]
    fields = readonly_fields
    inlines = [IndicatorValueInline, AuditHistoryInline]
    actions = [publish_reports, return_reports]

    @admin.display(description=_("pledge"), ordering="pledge__title_fi")
    def pledge_title(self, obj) -> str:
        return str(obj.pledge)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("pledges.publish_progressreport")


@admin.action(description=_("Export progress of the selected pledges (CSV)"))
def export_progress_csv(modeladmin, request, queryset) -> HttpResponse:
    """The pledges with their reporting and progress (filter by "report overdue" first)."""
    header = [
        str(_("pledge")),
        str(_("organisation")),
        str(_("reporting interval")),
        str(_("progress")),
        str(_("report overdue since")),
        str(_("latest report")),
    ]
    rows = []
    for pledge in queryset.select_related("organisation").order_by("pk"):
        latest = pledge.progress_reports.order_by("-submitted_at").first()
        rows.append(
            [
                str(pledge),
                pledge.organisation.name,
                pledge.get_report_interval_months_display() or "",
                pledge.get_progress_status_display(),
                pledge.report_overdue_since.isoformat() if pledge.report_overdue_since else "",
                latest.submitted_at.date().isoformat() if latest else "",
            ]
        )
    response = HttpResponse(csv_bytes(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="pledges-progress.csv"'
    return response
