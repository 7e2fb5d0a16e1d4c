"""The barometer in the admin: surveys with their sections, questions with their choices, the
responses (raw answers for staff only) and the moderation of open-text answers.

Once a survey has answers, the answered questions are locked where a change would break
them (barometer.services): their kind, background key and section become read-only, their
choices can be reworded but not added or deleted, and they cannot be deleted.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from barometer import exports, services
from barometer.models import Answer, Choice, Question, Response, Section, Survey
from core.admin_mixins import TranslationStatusMixin, TranslatorRestrictedMixin
from core.exports import CSV_CONTENT_TYPE


class SectionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            section = form.instance
            if section.pk and not services.section_delete_allowed(section=section):
                raise forms.ValidationError(
                    _("The section “%(section)s” has answered questions: it cannot be deleted.")
                    % {"section": section}
                )


class SectionInline(TranslationStackedInline):
    model = Section
    formset = SectionFormSet
    extra = 0
    fields = ["position", "title", "description"]


def _counts_table(caption: str, rows: list[tuple[str, int]]) -> str:
    body = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td></tr>", rows)
    return format_html(
        "<table><caption>{}</caption><thead><tr><th scope='col'>{}</th><th scope='col'>{}"
        "</th></tr></thead><tbody>{}</tbody></table>",
        caption,
        _("group"),
        _("responses"),
        body or format_html("<tr><td colspan='2'>{}</td></tr>", _("No responses yet.")),
    )


@admin.register(Survey)
class SurveyAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ["year", "title", "opens_at", "closes_at", "submitted_count"]
    search_fields = ["title_fi", "title_sv"]
    readonly_fields = ["response_counts"]
    raw_id_fields = ["report", "event", "news_item"]
    fieldsets = [
        (None, {"fields": ["year", "title", "introduction", "opens_at", "closes_at"]}),
        (_("Related content"), {"fields": ["report", "event", "news_item"]}),
        (_("Submitted responses"), {"fields": ["response_counts"]}),
    ]
    inlines = [SectionInline]
    actions = ["download_raw_answers"]

    def has_view_responses_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("barometer.view_response")

    @admin.action(description=_("Download raw answers (CSV)"), permissions=["view_responses"])
    def download_raw_answers(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        years = "-".join(str(year) for year in sorted(queryset.values_list("year", flat=True)))
        response = HttpResponse(
            exports.raw_answers_csv(surveys=queryset.order_by("-year")),
            content_type=CSV_CONTENT_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="barometer-{years}.csv"'
        return response

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
            )
        )

    @admin.display(description=_("submitted responses"), ordering="submitted")
    def submitted_count(self, obj: Survey) -> int:
        return obj.submitted

    @admin.display(description=_("responses by organisation type and region"))
    def response_counts(self, obj: Survey) -> str:
        if obj.pk is None:
            return "–"
        submitted = obj.responses.filter(submitted_at__isnull=False)
        types = dict(Response._meta.get_field("organisation_type").choices)
        regions = dict(Response._meta.get_field("region").choices)
        unknown = _("not answered")
        by_type = [
            (types.get(row["organisation_type"], unknown), row["n"])
            for row in submitted.values("organisation_type")
            .annotate(n=Count("pk"))
            .order_by("-n", "organisation_type")
        ]
        by_region = [
            (regions.get(row["region"], unknown), row["n"])
            for row in submitted.values("region").annotate(n=Count("pk")).order_by("-n", "region")
        ]
        return format_html(
            "{}{}",
            _counts_table(_("By organisation type"), by_type),
            _counts_table(_("By region"), by_region),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survey = self.get_object(request, object_id)
        if survey is not None and services.survey_has_answers(survey=survey):
            messages.warning(request, services.LOCKED_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0
    fields = ["position", "text"]

    def _locked(self, obj: Question | None) -> bool:
        return obj is not None and not services.question_change_allowed(question=obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ["text", "section", "position", "kind", "background", "required"]
    list_filter = ["section__survey", "section", "kind"]
    list_select_related = ["section__survey"]
    search_fields = ["text_fi", "text_sv"]
    raw_id_fields = ["same_as"]
    fields = [
        "section",
        "position",
        "kind",
        "background",
        "text",
        "help_text",
        "required",
        "low_label",
        "high_label",
        "same_as",
    ]
    inlines = [ChoiceInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not services.question_change_allowed(question=obj):
            readonly += ["section", *services.LOCKED_QUESTION_FIELDS]
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not services.question_change_allowed(question=obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question is not None and not services.question_change_allowed(question=question):
            messages.warning(request, services.LOCKED_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Question, form, change: bool) -> None:
        if change:
            # The fields are read-only in the form already; the service has the last word.
            services.question_change_check(question=obj, changed_fields=set(form.changed_data))
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is Choice:
            services.choices_change_check(
                question=form.instance,
                added=len([f for f in formset.extra_forms if f.has_changed()]),
                deleted=len(formset.deleted_forms),
            )
        super().save_formset(request, form, formset, change)


class TextsOnlyAdmin(TranslatorRestrictedMixin, TranslationStatusMixin, TabbedTranslationAdmin):
    """Sections and choices on their own pages, for translators (who get no inlines):
    only their texts change here; they are added and deleted with their survey or question,
    where the locks of answered questions apply."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Section)
class SectionAdmin(TextsOnlyAdmin):
    list_display = ["title", "survey", "position"]
    list_filter = ["survey"]
    list_select_related = ["survey"]
    search_fields = ["title_fi", "title_sv"]
    fields = ["survey", "position", "title", "description"]
    readonly_fields = ["survey", "position"]


@admin.register(Choice)
class ChoiceAdmin(TextsOnlyAdmin):
    list_display = ["text", "question", "position"]
    list_filter = ["question__section__survey"]
    list_select_related = ["question"]
    search_fields = ["text_fi", "text_sv"]
    fields = ["question", "position", "text"]
    readonly_fields = ["question", "position"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "choice", "chosen", "likert", "number", "text", "moderation"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("question", "choice")
            .prefetch_related("choices")
        )

    @admin.display(description=_("choices"))
    def chosen(self, obj: Answer) -> str:
        return ", ".join(str(choice) for choice in obj.choices.all())

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    """The raw answers, for staff only."""

    list_display = ["pk", "survey", "language", "organisation_type", "region", "submitted_at"]
    list_filter = ["survey", "organisation_type", "region", "language"]
    list_select_related = ["survey"]
    fields = ["survey", "language", "organisation_type", "region", "started_at", "submitted_at"]
    readonly_fields = fields
    inlines = [AnswerInline]


def _moderate(modeladmin, request: HttpRequest, queryset: QuerySet, moderation: str) -> None:
    changed = services.answers_moderate(
        answers=list(queryset), moderation=moderation, by=request.user
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d answer moderated.", "%(count)d answers moderated.", changed)
        % {"count": changed},
        messages.SUCCESS,
    )


@admin.action(description=_("Approve for publication"), permissions=["change"])
def approve(modeladmin, request, queryset) -> None:
    _moderate(modeladmin, request, queryset, Answer.Moderation.APPROVED)


@admin.action(description=_("Reject"), permissions=["change"])
def reject(modeladmin, request, queryset) -> None:
    _moderate(modeladmin, request, queryset, Answer.Moderation.REJECTED)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """The moderation queue: open-text answers only; approved ones may be shown publicly,
    without the respondent's background."""

    list_display = ["text", "question", "moderation", "moderated_at"]
    list_filter = ["moderation", "question__section__survey"]
    # The action checkbox's label names the answer (its response and survey).
    list_select_related = ["question", "response__survey"]
    search_fields = ["text"]
    actions = [approve, reject]
    fields = ["question", "text", "moderation", "moderated_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(question__kind=Question.Kind.TEXT)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
