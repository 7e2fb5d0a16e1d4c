"""Staff review of submissions: every workflow action goes through pledges.services."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from pledges import services
from pledges.models import (
    Award,
    Initiative,
    Organisation,
    Partner,
    PartnerInterest,
    Pledge,
    StatusChange,
    Submission,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "business_id", "municipality", "region"]
    list_filter = ["type", "region"]
    search_fields = ["name", "business_id", "municipality"]


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    fields = ["organisation", "contact_email", "status", "responded_at"]
    readonly_fields = ["responded_at"]
    autocomplete_fields = ["organisation"]


class PledgeInline(admin.TabularInline):
    model = Pledge
    extra = 0
    fields = ["title", "status", "selected"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class InitiativeInline(PledgeInline):
    model = Initiative


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    # The contact person is private to staff: the admin is the only place it is shown.
    list_display = ["organisation", "campaign", "contact_email", "language", "created_at"]
    list_filter = ["campaign", "language", "consent_to_publish"]
    search_fields = ["organisation__name", "contact_name", "contact_email"]
    date_hierarchy = "created_at"
    readonly_fields = ["consent_to_publish", "consent_given_at", "consent_text_version"]
    inlines = [PartnerInline, PledgeInline, InitiativeInline]
    autocomplete_fields = ["organisation"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MissingLanguageFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("sv", _("missing Swedish")), ("fi", _("missing Finnish"))]

    def queryset(self, request, queryset):
        if self.value() in ("fi", "sv"):
            field = f"title_{self.value()}"
            return queryset.filter(Q(**{f"{field}__isnull": True}) | Q(**{field: ""}))
        return queryset


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored in the history. Sent to the submitter only if you tick the box."),
    )
    notify = forms.BooleanField(label=_("Send the reason to the submitter"), required=False)


def _run(modeladmin, request, queryset, action, done_message) -> None:
    """Apply a service to each entry; one success message and one message per refusal."""
    done = 0
    for entry in queryset.select_related("submission"):
        try:
            change = action(entry)
        except services.ActionRefused as exc:
            modeladmin.message_user(request, f"{entry}: {exc}", messages.WARNING)
            continue
        if change is not None:
            done += 1
    modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.action(description=_("Publish the selected entries"))
def publish(modeladmin, request, queryset) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda e: services.entry_publish(entry=e, by=request.user),
        lambda n: (
            ngettext("%(count)d entry published.", "%(count)d entries published.", n) % {"count": n}
        ),
    )


@admin.action(description=_("Reject the selected entries"))
def reject(modeladmin, request, queryset) -> HttpResponse | None:
    # An intermediate page asks for the reason and whether to send it.
    if "apply" in request.POST:
        form = RejectForm(request.POST)
        if form.is_valid():
            note, notify = form.cleaned_data["note"], form.cleaned_data["notify"]
            _run(
                modeladmin,
                request,
                queryset,
                lambda e: services.entry_reject(entry=e, by=request.user, note=note, notify=notify),
                lambda n: (
                    ngettext("%(count)d entry rejected.", "%(count)d entries rejected.", n)
                    % {"count": n}
                ),
            )
            return None
    else:
        form = RejectForm()
    return TemplateResponse(
        request,
        "admin/pledges/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Reject the selected entries"),
            "form": form,
            "entries": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=_("Return the selected entries to review"))
def return_to_review(modeladmin, request, queryset) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda e: services.entry_return_to_review(entry=e, by=request.user),
        lambda n: (
            ngettext(
                "%(count)d entry returned to review.", "%(count)d entries returned to review.", n
            )
            % {"count": n}
        ),
    )


@admin.action(description=_("Mark as selected for the programme"))
def mark_selected(modeladmin, request, queryset) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda e: services.entry_set_selected(entry=e, selected=True, by=request.user),
        lambda n: (
            ngettext(
                "%(count)d entry marked as selected.", "%(count)d entries marked as selected.", n
            )
            % {"count": n}
        ),
    )


@admin.action(description=_("Unmark as selected for the programme"))
def unmark_selected(modeladmin, request, queryset) -> None:
    _run(
        modeladmin,
        request,
        queryset,
        lambda e: services.entry_set_selected(entry=e, selected=False, by=request.user),
        lambda n: (
            ngettext(
                "%(count)d entry no longer selected.", "%(count)d entries no longer selected.", n
            )
            % {"count": n}
        ),
    )


class EntryAdmin(TabbedTranslationAdmin):
    list_display = [
        "title",
        "organisation",
        "campaign",
        "status",
        "selected",
        "original_language",
        "consent",
        "created_at",
    ]
    list_filter = [
        "status",
        "campaign",
        "themes",
        "selected",
        "original_language",
        MissingLanguageFilter,
    ]
    search_fields = [
        "title_fi",
        "title_sv",
        "organisation__name",
        "submission__contact_email",
    ]
    list_select_related = ["organisation", "campaign", "submission"]
    filter_horizontal = ["themes"]
    # Status changes only through the actions, so each leaves its history row.
    readonly_fields = [
        "status",
        "selected",
        "published_at",
        "submission",
        "organisation",
        "campaign",
        "original_language",
        "contact",
    ]
    inlines = [StatusChangeInline]
    actions = [publish, reject, return_to_review, mark_selected, unmark_selected]

    @admin.display(boolean=True, description=_("consent to publish"))
    def consent(self, obj) -> bool:
        return obj.submission.consent_to_publish

    @admin.display(description=_("contact person"))
    def contact(self, obj) -> str:
        s = obj.submission
        return ", ".join(
            part for part in (s.contact_name, s.contact_email, s.contact_phone) if part
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Entries come in through the public form (with a consent record).
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("submission")


@admin.register(Pledge)
class PledgeAdmin(EntryAdmin):
    pass


@admin.register(Initiative)
class InitiativeAdmin(EntryAdmin):
    list_filter = [*EntryAdmin.list_filter, "seeking_partners", "stage"]


@admin.register(Award)
class AwardAdmin(TabbedTranslationAdmin):
    list_display = ["name", "year", "campaign"]
    list_filter = ["year", "campaign"]
    search_fields = ["name_fi", "name_sv"]
    filter_horizontal = ["pledges", "initiatives"]


@admin.register(PartnerInterest)
class PartnerInterestAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "initiative", "email", "created_at"]
    search_fields = ["organisation_name", "email", "initiative__title_fi", "initiative__title_sv"]
    readonly_fields = [
        "initiative",
        "organisation_name",
        "contact_name",
        "email",
        "message",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
