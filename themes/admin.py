from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_mixins import (
    BilingualPublishForm,
    TranslationStatusMixin,
    TranslatorRestrictedMixin,
)
from themes.models import Theme


class ThemeForm(BilingualPublishForm):
    """Themes are public as soon as they exist: both languages, always."""

    class Meta:
        model = Theme
        fields = "__all__"


@admin.register(Theme)
class ThemeAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    form = ThemeForm
    list_display = ("number", "name", "slug")
    list_display_links = ("number", "name")
    search_fields = ("name_fi", "name_sv", "summary_fi", "summary_sv")
    prepopulated_fields = {"slug_fi": ("name_fi",), "slug_sv": ("name_sv",)}
