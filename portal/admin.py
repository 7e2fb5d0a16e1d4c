from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.models import AccessibilityFeedback
from portal.services import accessibility_feedback_reply


class ReplyFilter(admin.SimpleListFilter):
    """Unanswered or overdue feedback (the admin index links to the overdue ones)."""

    title = _("reply")
    parameter_name = "reply"

    def lookups(self, request, model_admin):
        return [("unanswered", _("unanswered")), ("overdue", _("overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "unanswered":
            return queryset.unanswered()
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    """Feedback on accessibility: unanswered first, overdue ones (past 14 days) marked.

    Handled by the Communications role (portal.roles), whose members are mailed when
    feedback arrives (portal.services)."""

    list_display = ("received_at", "deadline", "language", "short_message", "email", "replied_at")
    list_filter = (ReplyFilter, "replied_at", "language", "wants_accessible_copy")
    search_fields = ("message", "email", "name", "page")
    date_hierarchy = "received_at"
    readonly_fields = (
        "received_at",
        "reply_due",
        "language",
        "name",
        "email",
        "page",
        "message",
        "wants_accessible_copy",
        "replied_at",
        "handled_by",
    )
    fields = (*readonly_fields, "reply")

    @admin.display(description=_("reply due"), ordering="reply_due")
    def deadline(self, obj: AccessibilityFeedback) -> str:
        if obj.is_overdue:
            return format_html(
                '<strong class="feedback-overdue">{} – {}</strong>',
                obj.reply_due.strftime("%d.%m.%Y"),
                _("overdue"),
            )
        return obj.reply_due.strftime("%d.%m.%Y")

    @admin.display(description=_("message"))
    def short_message(self, obj: AccessibilityFeedback) -> str:
        return obj.message[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        # Staff record the reply they gave; the service stamps who and when.
        accessibility_feedback_reply(
            feedback=obj, reply=form.cleaned_data["reply"], user=request.user
        )
