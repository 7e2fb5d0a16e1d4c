"""The staff page for personal data requests and the logs of requests and merges."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from privacy.forms import PersonalDataEraseForm, PersonalDataLookupForm
from privacy.models import OrganisationMergeLog, PersonalDataLog
from privacy.selectors import PersonalData, personal_data_find
from privacy.services import personal_data_erase, personal_data_export, personal_data_log

PERMISSION = "privacy.handle_personal_data"


def _labelled(data: PersonalData, counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) per registered kind of personal data, for the table on the page."""
    return [(source.label, counts[source.key]) for source, _rows in data]


def can_handle_personal_data(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


class ReadOnlyLogAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PersonalDataLog)
class PersonalDataLogAdmin(ReadOnlyLogAdmin):
    list_display = ["created_at", "action", "email", "username"]
    list_filter = ["action"]
    search_fields = ["email", "username"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "action", "email", "user", "username", "summary"]
    fields = readonly_fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_handle_personal_data(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_handle_personal_data(request.user)

    def get_urls(self):
        own = [
            path(
                "personal-data/",
                self.admin_site.admin_view(self.personal_data_view),
                name="privacy_personal_data",
            )
        ]
        return own + super().get_urls()

    def _render(self, request: HttpRequest, template: str, **context) -> TemplateResponse:
        return TemplateResponse(
            request,
            f"admin/privacy/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Personal data requests"),
                **context,
            },
        )

    def personal_data_view(self, request: HttpRequest) -> HttpResponse:
        """Look up an address, then download what is held about it or erase it."""
        if not can_handle_personal_data(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return self._render(request, "personal_data.html", form=PersonalDataLookupForm())
        step = request.POST.get("step", "preview")
        if step == "confirm_erase":
            return self._erase(request)
        form = PersonalDataLookupForm(request.POST)
        if not form.is_valid():
            return self._render(request, "personal_data.html", form=form)
        email = form.cleaned_data["email"]
        if step == "download":
            return self._download(request, email)
        data = personal_data_find(email=email)
        counts = data.counts()
        rows = _labelled(data, counts)
        if step == "erase":
            return self._render(
                request,
                "personal_data_erase.html",
                form=PersonalDataEraseForm(initial={"email": email}),
                email=email,
                rows=rows,
            )
        personal_data_log(
            action=PersonalDataLog.Action.VIEWED, email=email, user=request.user, summary=counts
        )
        export = json.dumps(personal_data_export(email=email), ensure_ascii=False, indent=2)
        return self._render(
            request,
            "personal_data.html",
            form=form,
            email=email,
            rows=rows,
            held=any(counts.values()),
            export=export,
        )

    def _download(self, request: HttpRequest, email: str) -> HttpResponse:
        payload = personal_data_export(email=email)
        counts = {key: len(value) for key, value in payload.items() if isinstance(value, list)}
        personal_data_log(
            action=PersonalDataLog.Action.EXPORTED, email=email, user=request.user, summary=counts
        )
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
        # No address in the file name: it ends up in download folders and logs.
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
        return response

    def _erase(self, request: HttpRequest) -> HttpResponse:
        form = PersonalDataEraseForm(request.POST)
        if not form.is_valid():
            email = form.data.get("email", "")[:254]
            data = personal_data_find(email=email)
            rows = _labelled(data, data.counts())
            return self._render(
                request, "personal_data_erase.html", form=form, email=email, rows=rows
            )
        email = form.cleaned_data["email"]
        summary = personal_data_erase(email=email, user=request.user)
        erased = sum(len(value) for value in summary.values() if isinstance(value, list))
        self.message_user(
            request,
            ngettext(
                "The personal data of %(email)s was erased (%(count)d record).",
                "The personal data of %(email)s was erased (%(count)d records).",
                erased,
            )
            % {"email": email, "count": erased},
            messages.SUCCESS,
        )
        if summary.get("suppression_kept"):
            self.message_user(
                request,
                _(
                    "The address stays on the suppression list so that no mailing reaches it; "
                    "a new confirmed subscription lifts this."
                ),
                messages.INFO,
            )
        return redirect(reverse("admin:privacy_personal_data"))


class OrganisationMergeLogInline(admin.TabularInline):
    """The merge history on an organisation's page (for OrganisationAdmin.inlines)."""

    model = OrganisationMergeLog
    fk_name = "kept"
    extra = 0
    fields = ["created_at", "merged_names", "username"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = gettext_lazy("merge history")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("merged duplicates"))
    def merged_names(self, obj: OrganisationMergeLog) -> str:
        return ", ".join(item.get("name", "") for item in obj.merged)


@admin.register(OrganisationMergeLog)
class OrganisationMergeLogAdmin(ReadOnlyLogAdmin):
    list_display = ["created_at", "kept_name", "merged_names", "username"]
    search_fields = ["kept_name", "username"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "kept",
        "kept_name",
        "merged",
        "moved",
        "filled_fields",
        "user",
        "username",
    ]
    fields = readonly_fields

    @admin.display(description=gettext_lazy("merged duplicates"))
    def merged_names(self, obj: OrganisationMergeLog) -> str:
        return ", ".join(item.get("name", "") for item in obj.merged)
