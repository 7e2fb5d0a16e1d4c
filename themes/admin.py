from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ("number", "name", "slug")
    list_display_links = ("number", "name")
    search_fields = ("name_fi", "name_sv", "summary_fi", "summary_sv")
    prepopulated_fields = {"slug_fi": ("name_fi",), "slug_sv": ("name_sv",)}
