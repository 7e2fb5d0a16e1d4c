"""The audit log in the admin: a read-only, filterable list, and the history panel that
the change pages of pledges, initiatives, submissions, organisations and the like show."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.models import PERSONAL_DATA_ACTIONS, AuditEvent


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class EventColumnsMixin:
    """The columns the audit list and an object's history panel share."""

    @admin.display(description=_("before → after"))
    def change(self, obj: AuditEvent) -> str:
        return obj.change

    @admin.display(description=_("by"), ordering="actor_label")
    def by(self, obj: AuditEvent) -> str:
        return obj.by

    @admin.display(description=_("note"))
    def note_shown(self, obj: AuditEvent) -> str:
        return obj.note_shown


class ActionFilter(admin.SimpleListFilter):
    """The actions this list can show (the personal data requests only where they are)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [
            (value, label)
            for value, label in AuditEvent.Action.choices
            if model_admin.action_shown(value)
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, EventColumnsMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "action",
        "object_repr",
        "content_type",
        "by",
        "change",
        "note_shown",
    ]
    list_filter = [
        ActionFilter,
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["content_type"]
    search_fields = ["object_repr", "actor_label", "note"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "actor",
        "actor_label",
        "change",
        "before",
        "after",
        "note_shown",
    ]
    readonly_fields = fields

    def action_shown(self, action: str) -> bool:
        # Requests about a person's data name the person: privacy's own list shows them,
        # to those who handle personal data.
        return action not in PERSONAL_DATA_ACTIONS

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).exclude(action__in=PERSONAL_DATA_ACTIONS)


class AuditHistoryInline(ReadOnlyMixin, EventColumnsMixin, GenericTabularInline):
    """The object's audit history on its change page, oldest first (read-only)."""

    model = AuditEvent
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["created_at", "by", "action", "change", "note_shown"]
    readonly_fields = fields
    verbose_name = _("audit event")
    verbose_name_plural = _("audit history")
    ordering = ["created_at", "pk"]
