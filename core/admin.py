from django.contrib import admin

from core.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """The official list, loaded by a migration: looked up (autocomplete), never edited."""

    list_display = ("code", "name_fi", "name_sv", "region")
    list_filter = ("region",)
    search_fields = ("name_fi", "name_sv", "code")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
