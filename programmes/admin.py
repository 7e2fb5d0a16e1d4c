from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

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
    GovernmentTerm,
    Measure,
    MeasureStatusChange,
    Programme,
    Publication,
    RelatedProgramme,
)
from programmes.services import measure_status_sync


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


class GovernmentTermForm(BilingualPublishForm):
    """A term is public as soon as it exists (the measures page lists every term)."""

    class Meta:
        model = GovernmentTerm
        fields = "__all__"


@admin.register(GovernmentTerm)
class GovernmentTermAdmin(
    TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin
):
    form = GovernmentTermForm
    list_display = ("name", "prime_minister", "starts_on", "ends_on")
    search_fields = ("name_fi", "name_sv", "prime_minister")
    date_hierarchy = "starts_on"


class MeasureStatusChangeInline(TranslationTabularInline):
    model = MeasureStatusChange
    extra = 0
    fields = ("date", "status", "note")
    ordering = ("date", "pk")


class MeasureForm(BilingualPublishForm):
    """A measure is public as soon as it exists: both languages, always."""

    class Meta:
        model = Measure
        fields = "__all__"

    def clean_replaced_by(self):
        replaced_by = self.cleaned_data.get("replaced_by")
        if replaced_by is not None and replaced_by.pk == self.instance.pk:
            raise forms.ValidationError(_("A measure cannot replace itself."))
        return replaced_by


@admin.register(Measure)
class MeasureAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    form = MeasureForm
    list_display = ("title", "term", "kind", "status", "ministry")
    list_filter = ("term", "kind", "status", "themes")
    search_fields = ("title_fi", "title_sv", "summary_fi", "summary_sv")
    list_select_related = ("term",)
    autocomplete_fields = ("replaced_by",)
    filter_horizontal = ("publications", "news", "themes")
    readonly_fields = ("status",)
    inlines = [MeasureStatusChangeInline]
    fieldsets = (
        (None, {"fields": ("term", "kind", "title", "slug", "summary", "body", "ministry")}),
        (
            _("Status"),
            {
                "fields": ("status", "replaced_by"),
                "description": _(
                    "The status is that of the latest status change below: add a change "
                    "to update it."
                ),
            },
        ),
        (_("Publications, news and themes"), {"fields": ("publications", "news", "themes")}),
    )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # The inline timeline is saved now: the measure's status follows its latest change.
        measure_status_sync(measure=form.instance, by=request.user)


@admin.register(MeasureStatusChange)
class MeasureStatusChangeAdmin(
    TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin
):
    """The status changes on their own: where translators translate the notes (the
    measure's inline is not theirs). Any save or delete keeps the measure's status equal to
    its latest change."""

    list_display = ("measure", "date", "status")
    list_filter = ("status", "measure__term")
    list_select_related = ("measure",)
    search_fields = ("measure__title_fi", "measure__title_sv", "note_fi", "note_sv")
    autocomplete_fields = ("measure",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change) -> None:
        previous = None
        if change and "measure" in form.changed_data:
            previous = MeasureStatusChange.objects.get(pk=obj.pk).measure
        super().save_model(request, obj, form, change)
        for measure in filter(None, (obj.measure, previous)):
            measure_status_sync(measure=measure, by=request.user)

    def delete_model(self, request, obj) -> None:
        measure = obj.measure
        super().delete_model(request, obj)
        measure_status_sync(measure=measure, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        measures = list(Measure.objects.filter(status_changes__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for measure in measures:
            measure_status_sync(measure=measure, by=request.user)
