from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from core.admin_mixins import (
    BilingualPublishForm,
    TranslationStatusMixin,
    TranslatorRestrictedMixin,
)
from programmes.models import (
    AnnualTheme,
    Campaign,
    ContactPerson,
    Goal,
    Programme,
    Publication,
    RelatedProgramme,
)


class GoalInline(TranslationStackedInline):
    model = Goal
    extra = 0


class AnnualThemeInline(TranslationStackedInline):
    model = AnnualTheme
    extra = 0


class ProgrammeForm(BilingualPublishForm):
    """The programme is public as soon as it exists: both languages, always."""

    class Meta:
        model = Programme
        fields = "__all__"


@admin.register(Programme)
class ProgrammeAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    form = ProgrammeForm
    list_display = ("name", "coordinator")
    search_fields = ("name_fi", "name_sv", "summary_fi", "summary_sv")
    filter_horizontal = ("supports",)
    inlines = [GoalInline, AnnualThemeInline]


@admin.register(RelatedProgramme)
class RelatedProgrammeAdmin(
    TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin
):
    list_display = ("name", "url")
    search_fields = ("name_fi", "name_sv")


@admin.register(AnnualTheme)
class AnnualThemeAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ("year", "title", "programme")
    list_filter = ("programme", "year")
    search_fields = ("title_fi", "title_sv")


@admin.register(Publication)
class PublicationAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ("title", "year", "in_finnish", "in_swedish", "in_english")
    list_filter = ("year", "in_finnish", "in_swedish", "in_english", "programme")
    search_fields = ("title_fi", "title_sv")


@admin.register(ContactPerson)
class ContactPersonAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ("name", "title", "organisation", "email", "phone", "position")
    list_filter = ("programme",)
    list_editable = ("position",)
    search_fields = ("name", "email", "organisation_fi", "organisation_sv")


@admin.register(Campaign)
class CampaignAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ("name", "opens_at", "closes_at", "hashtag")
    list_filter = ("opens_at",)
    search_fields = ("name_fi", "name_sv", "hashtag")
    date_hierarchy = "opens_at"
