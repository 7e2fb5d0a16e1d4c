from django.contrib import admin

from mailings.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent to whom, and what is still waiting or failed."""

    list_display = (
        "to_email",
        "template",
        "language",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", "kind", "template", "language")
    search_fields = ("to_email", "message_id")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
