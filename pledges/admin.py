"""Staff review of submissions: every workflow action goes through pledges.services."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from audit import labels as audit_labels
from audit.admin import AuditHistoryInline
from core.admin_mixins import (
    ContactDetailsMixin,
    TranslationStatusMixin,
    TranslatorRestrictedMixin,
)
from pledges import services
from pledges.admin_actions import confirmation as _confirmation
from pledges.admin_actions import run_for_each
from pledges.exports import export_contacts_csv, export_contacts_xlsx, export_csv, export_xlsx
from pledges.forms import AwardForm
from pledges.merge import merge_organisations
from pledges.models import (
    Award,
    Entry,
    Initiative,
    Organisation,
    Partner,
    PartnerInterest,
    Pledge,
    Submission,
)
from pledges.progress_admin import IndicatorInline, export_progress_csv

# What the services' audit events store, as the history panels show it (audit.labels).
audit_labels.register("status", _("status"), choices=Entry.Status.choices)
audit_labels.register("selected", _("selected"))
audit_labels.register("award", _("award"))
audit_labels.register("award_id", None)
audit_labels.register("partner", _("partner"))
audit_labels.register("answer", _("answer"), choices=Partner.Status.choices)
audit_labels.register(
    "merged",
    _("merged duplicates"),
    show=lambda merged: ", ".join(item.get("name", "") for item in merged),
)
audit_labels.register("moved", None)
audit_labels.register("filled_fields", _("fields filled from the duplicates"))


class ServiceRefusalMixin:
    """A change form whose saving calls services that may refuse (ActionRefused and the
    like): the refusal rolls the whole save back (Django's change form runs in one
    transaction) and the form comes back as it was sent, with the refusal as its error."""

    refusals: tuple[type[Exception], ...] = ()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusals as exc:
            request._service_refusal = str(exc)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise forms.ValidationError(refusal)

        return RefusedForm


@admin.register(Organisation)
class OrganisationAdmin(ContactDetailsMixin, admin.ModelAdmin):
    list_display = ["name", "type", "business_id", "municipality", "region"]
    list_select_related = ["municipality"]
    list_filter = ["type", "region", "nationwide"]
    search_fields = ["name", "business_id", "municipality__name_fi", "municipality__name_sv"]
    autocomplete_fields = ["municipality"]
    actions = [
        export_csv,
        export_xlsx,
        export_contacts_csv,
        export_contacts_xlsx,
        merge_organisations,
    ]
    inlines = [AuditHistoryInline]  # its merges and edits, with the merged duplicates'


class PartnerInline(ContactDetailsMixin, admin.TabularInline):
    model = Partner
    contact_fields = ("contact_email",)
    extra = 0
    fields = [
        "organisation",
        "contact_email",
        "status",
        "responded_at",
        "invitation",
        "invitation_at",
    ]
    readonly_fields = ["responded_at", "invitation", "invitation_at"]
    autocomplete_fields = ["organisation"]


class ContactConfirmedFilter(admin.SimpleListFilter):
    """Whether the submitter confirmed their address (partners are mailed only then)."""

    title = _("email address confirmed")
    parameter_name = "contact_confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(contact_confirmed_at__isnull=self.value() == "no")
        return queryset


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
class SubmissionAdmin(ServiceRefusalMixin, ContactDetailsMixin, admin.ModelAdmin):
    refusals = (services.PartnerAnswerRefused,)
    # The contact person is private: shown only to roles that handle contact details.
    contact_fields = ("contact_name", "contact_email", "contact_phone")
    list_display = ["organisation", "campaign", "contact_email", "language", "created_at"]
    list_filter = [
        "campaign",
        "language",
        "consent_to_publish",
        ContactConfirmedFilter,
        "partners__invitation",
    ]
    search_fields = ["organisation__name", "contact_name", "contact_email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "consent_to_publish",
        "consent_given_at",
        "consent_text_version",
        "contact_confirmed_at",
    ]
    inlines = [PartnerInline, PledgeInline, InitiativeInline, AuditHistoryInline]
    autocomplete_fields = ["organisation"]
    actions = [export_csv, export_xlsx, export_contacts_csv, export_contacts_xlsx]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Partner:
            super().save_formset(request, form, formset, change)
            return
        # A partner's answer is recorded by the service, as from the partner's own link
        # (once only): the inline saves the other fields and keeps the stored status.
        answers = []
        for row in formset.forms:
            if "status" in row.changed_data and not row.cleaned_data.get("DELETE"):
                answers.append((row.instance, row.cleaned_data["status"]))
                row.instance.status = row.initial.get("status", Partner.Status.PENDING)
        super().save_formset(request, form, formset, change)
        for partner, status in answers:
            # Back to "waiting" is refused too: the stored answer is no longer pending.
            services.partner_respond(
                partner=partner, confirm=status == Partner.Status.CONFIRMED, by=request.user
            )


# What the review queue holds (the count on the admin index, the "queue" filter).
WAITING = (Entry.Status.SUBMITTED, Entry.Status.IN_REVIEW)


class ReviewQueueFilter(admin.SimpleListFilter):
    """Entries that wait for a curator: submitted or in review (the admin index links here)."""

    title = _("review queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status__in=WAITING)
        return queryset


class AwardedFilter(admin.SimpleListFilter):
    title = _("awarded")
    parameter_name = "awarded"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(awards__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(awards__isnull=True)
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
    run_for_each(
        modeladmin,
        request,
        queryset.select_related("submission"),
        action,
        done_message,
        refused=services.ActionRefused,
    )


@admin.action(description=_("Publish the selected entries"), permissions=["publish"])
def publish(modeladmin, request, queryset) -> HttpResponse | None:
    # Publishing is public at once (and mails the submitter): confirm it first.
    if "apply" not in request.POST:
        return _confirmation(
            modeladmin,
            request,
            queryset,
            action="publish",
            title=_("Publish the selected entries"),
            intro=_("These entries will be published on the public site:"),
            button=_("Yes, publish"),
        )
    _run(
        modeladmin,
        request,
        queryset,
        lambda e: services.entry_publish(entry=e, by=request.user),
        lambda n: (
            ngettext("%(count)d entry published.", "%(count)d entries published.", n) % {"count": n}
        ),
    )
    return None


@admin.action(description=_("Reject the selected entries"), permissions=["reject"])
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
    return _confirmation(
        modeladmin,
        request,
        queryset,
        action="reject",
        title=_("Reject the selected entries"),
        intro=_("These entries will be rejected and will not be shown publicly:"),
        button=_("Reject"),
        form=form,
    )


@admin.action(description=_("Return the selected entries to review"), permissions=["review"])
def return_to_review(modeladmin, request, queryset) -> HttpResponse | None:
    # Returning a published entry takes it off the public site: confirm it first.
    if "apply" not in request.POST:
        return _confirmation(
            modeladmin,
            request,
            queryset,
            action="return_to_review",
            title=_("Return the selected entries to review"),
            intro=_(
                "These entries will be returned to review; published ones are taken off "
                "the public site:"
            ),
            button=_("Yes, return to review"),
        )
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
    return None


@admin.action(description=_("Mark as selected for the programme"), permissions=["select"])
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


@admin.action(description=_("Unmark as selected for the programme"), permissions=["select"])
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


@admin.action(description=_("Give the selected entries an award"), permissions=["award"])
def give_award(modeladmin, request, queryset) -> HttpResponse | None:
    # An intermediate page: choose an existing award or create one (with the permission).
    can_create = request.user.has_perm("pledges.add_award")
    if "apply" in request.POST:
        form = AwardForm(request.POST, can_create=can_create)
        if form.is_valid():
            award = form.cleaned_data["award"] or services.award_create(
                name_fi=form.cleaned_data["name_fi"],
                name_sv=form.cleaned_data["name_sv"],
                year=form.cleaned_data["year"],
            )
            _run(
                modeladmin,
                request,
                queryset,
                lambda e: services.entry_award(entry=e, award=award, by=request.user),
                lambda n: (
                    ngettext(
                        "%(count)d entry given the award %(award)s.",
                        "%(count)d entries given the award %(award)s.",
                        n,
                    )
                    % {"count": n, "award": award}
                ),
            )
            return None
    else:
        form = AwardForm(can_create=can_create)
    return TemplateResponse(
        request,
        "admin/pledges/award.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Give the selected entries an award"),
            "form": form,
            "entries": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def entry_action_add(action, *, permission: str, has_permission) -> None:
    """Add an admin action to the pledge and initiative lists, from an app above this one
    (assessments adds "Shortlist for assessment"), with the `has_<permission>_permission`
    check its `permissions` name."""
    if action not in EntryAdmin.actions:
        EntryAdmin.actions = [*EntryAdmin.actions, action]
    setattr(EntryAdmin, f"has_{permission}_permission", has_permission)


class EntryAdmin(
    ContactDetailsMixin,
    TranslatorRestrictedMixin,
    TranslationStatusMixin,
    TabbedTranslationAdmin,
):
    contact_fields = ("contact", "contact_email")
    # What a curator reviews by; with the translation status (TranslationStatusMixin) the
    # list fits a 1,280 px screen. "Selected", the language and the consent to publish are
    # filters and on the form (publishing refuses an entry without consent, saying so).
    # Names through methods: Django keeps foreign-key columns on one line, which made a
    # long organisation name widen the whole list.
    list_display = [
        "title",
        "organisation_name",
        "campaign_name",
        "status",
        "received",
    ]
    list_filter = [
        ReviewQueueFilter,
        "status",
        "campaign",
        "themes",
        "organisation__type",
        "organisation__region",
        "original_language",
        "selected",
        "submission__consent_to_publish",
        AwardedFilter,
    ]
    search_fields = [
        "title_fi",
        "title_sv",
        "organisation__name",
        "submission__contact_email",
    ]
    list_select_related = ["organisation", "campaign", "submission"]
    filter_horizontal = ["themes"]
    # Status changes only through the actions, so each leaves its audit event.
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
    # Every status change, selection and award, and the admin's edits (the audit log).
    inlines = [AuditHistoryInline]
    actions = [
        publish,
        reject,
        return_to_review,
        mark_selected,
        unmark_selected,
        give_award,
    ]

    @admin.display(description=_("organisation"), ordering="organisation__name")
    def organisation_name(self, obj) -> str:
        return obj.organisation.name

    @admin.display(description=_("campaign"), ordering="campaign__opens_at")
    def campaign_name(self, obj) -> str:
        return str(obj.campaign)

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj) -> str:
        # The date is enough in the list (the time is on the form and in the history).
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # The review list gets the page's full width: without the navigation sidebar
        # (the breadcrumbs and the index lead elsewhere) it fits a 1,280 px screen.
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("contact person"))
    def contact(self, obj) -> str:
        s = obj.submission
        return ", ".join(
            part for part in (s.contact_name, s.contact_email, s.contact_phone) if part
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Entries come in through the public form (with a consent record).
        return False

    # Each workflow action needs its own permission (see pledges.models.review_permissions
    # and portal.roles); Django hides an action from those who lack it and refuses it.
    def _workflow_permission(self, request: HttpRequest, action: str) -> bool:
        perm = f"{self.opts.app_label}.{action}_{self.opts.model_name}"
        return request.user.has_perm(perm)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self._workflow_permission(request, "publish")

    def has_reject_permission(self, request: HttpRequest) -> bool:
        return self._workflow_permission(request, "reject")

    def has_review_permission(self, request: HttpRequest) -> bool:
        return self._workflow_permission(request, "review")

    def has_select_permission(self, request: HttpRequest) -> bool:
        return self._workflow_permission(request, "select")

    def has_award_permission(self, request: HttpRequest) -> bool:
        return self._workflow_permission(request, "award")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A select_related here makes the changelist skip list_select_related, so it
        # names everything the list shows.
        return (
            super().get_queryset(request).select_related("submission", "organisation", "campaign")
        )


@admin.register(Pledge)
class PledgeAdmin(EntryAdmin):
    list_filter = [*EntryAdmin.list_filter, "progress_status"]
    # The overdue mark and the progress come from the reports and the reminders.
    readonly_fields = [*EntryAdmin.readonly_fields, "progress_status", "report_overdue_since"]
    inlines = [IndicatorInline, *EntryAdmin.inlines]

    def save_model(self, request, obj, form, change) -> None:
        # An interval set by staff starts the reporting today, as it does for a submitter.
        if obj.report_interval_months and obj.reporting_starts_on is None:
            obj.reporting_starts_on = timezone.localdate()
        super().save_model(request, obj, form, change)

    def get_actions(self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST):
        # Added here rather than to `actions`: apps above add theirs to EntryAdmin.actions
        # later (entry_action_add), which a copied list would miss.
        actions = super().get_actions(request, action_location=action_location)
        if actions:  # none in a popup, or for someone who may do nothing here
            export = self.get_action(export_progress_csv, action_location)
            if export is not None:
                actions[export.name] = export
        return actions


@admin.register(Initiative)
class InitiativeAdmin(EntryAdmin):
    list_filter = [*EntryAdmin.list_filter, "seeking_partners", "stage"]


@admin.register(Award)
class AwardAdmin(
    ServiceRefusalMixin,
    TranslatorRestrictedMixin,
    TranslationStatusMixin,
    TabbedTranslationAdmin,
):
    list_display = ["name", "year", "campaign"]
    list_filter = ["year", "campaign"]
    search_fields = ["name_fi", "name_sv"]
    filter_horizontal = ["pledges", "initiatives"]
    refusals = (services.ActionRefused,)

    def save_related(self, request, form, formsets, change) -> None:
        # The entries are given (or lose) the award through the service, which records it
        # in their history and refuses withdrawn and rejected ones; not by the form itself.
        chosen = {
            name: form.cleaned_data.pop(name)
            for name in ("pledges", "initiatives")
            if name in form.cleaned_data
        }
        super().save_related(request, form, formsets, change)
        if chosen:
            award = form.instance
            services.award_entries_set(
                award=award,
                pledges=chosen.get("pledges", award.pledges.all()),
                initiatives=chosen.get("initiatives", award.initiatives.all()),
                by=request.user,
            )


@admin.register(PartnerInterest)
class PartnerInterestAdmin(ContactDetailsMixin, admin.ModelAdmin):
    contact_fields = ("contact_name", "email")
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
