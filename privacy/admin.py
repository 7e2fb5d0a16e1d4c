"""The staff page for personal data requests, and the requests in the audit log."""

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
from django.utils.translation import ngettext

from audit.admin import AuditEventAdmin
from audit.models import PERSONAL_DATA_ACTIONS, AuditEvent
from privacy.forms import PersonalDataEraseForm, PersonalDataLookupForm
from privacy.models import PersonalDataRequest
from privacy.selectors import PersonalData, personal_data_find
from privacy.services import personal_data_erase, personal_data_export, personal_data_log

PERMISSION = "privacy.handle_personal_data"


def _labelled(data: PersonalData, counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) per registered kind of personal data, for the table on the page."""
    return [(source.label, counts[source.key]) for source, _rows in data]


def can_handle_personal_data(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(AuditEventAdmin):
    """The audit log's personal data requests (the address is the event's object), for
    those who handle personal data only; the look-up page hangs off it."""

    list_display = ["created_at", "action", "object_repr", "by"]
    list_filter = [AuditEventAdmin.list_filter[0]]
    fields = ["created_at", "action", "object_repr", "actor", "actor_label", "after"]
    readonly_fields = fields

    def action_shown(self, action: str) -> bool:
        return action in PERSONAL_DATA_ACTIONS

    def get_queryset(self, request: HttpRequest):
        return PersonalDataRequest.objects.select_related("content_type")

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
            action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
            email=email,
            user=request.user,
            summary=counts,
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
            action=AuditEvent.Action.PERSONAL_DATA_EXPORTED,
            email=email,
            user=request.user,
            summary=counts,
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
