from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_mixins import (
    BilingualPublishForm,
    TranslationStatusMixin,
    TranslatorRestrictedMixin,
)
from news.models import NewsItem


class NewsItemForm(BilingualPublishForm):
    """A news item with a publication time (in either language) needs both languages."""

    class Meta:
        model = NewsItem
        fields = "__all__"

    def is_publishing(self) -> bool:
        return any(
            self.cleaned_data.get(name, getattr(self.instance, name, None))
            for name in ("published_fi", "published_sv")
        )


@admin.register(NewsItem)
class NewsItemAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    form = NewsItemForm
    list_display = ("title", "kind", "published_fi", "published_sv")
    list_filter = ("kind", "themes", "published_fi", "published_sv")
    search_fields = ("title_fi", "title_sv", "lead_fi", "lead_sv")
    date_hierarchy = "published_fi"
    filter_horizontal = ("contacts", "themes")
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "lead", "body")}),
        (_("Publication"), {"fields": ("published_fi", "published_sv")}),
        (_("Contact persons and themes"), {"fields": ("contacts", "themes")}),
    )
