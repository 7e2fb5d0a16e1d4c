"""The assessment in the admin: rubrics (curators), the shortlist with the scoring page
(jurors) and the ranking with the stage buttons (curators). Writes go through services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from assessments import selectors, services
from assessments.forms import AwardStageForm, ConflictForm, ScoreForm
from assessments.models import ConflictDeclaration, Criterion, Rubric, Score, Shortlisting
from audit import labels as audit_labels
from core.admin_mixins import TranslationStatusMixin
from pledges.admin import entry_action_add
from programmes.models import Campaign

# The assessment stage in the entries' audit history (audit.labels).
audit_labels.register("stage", _("stage"), choices=Shortlisting.Stage.choices)

MANAGE = "assessments.change_shortlisting"  # curators: the ranking and the stages
SCORE = "assessments.add_score"  # jurors


@admin.action(description=_("Shortlist for assessment"), permissions=["shortlist"])
def shortlist_for_assessment(modeladmin, request, queryset) -> None:
    """An action of the pledges admin's EntryAdmin, added there below."""
    if not request.user.has_perm("assessments.add_shortlisting"):
        raise PermissionDenied
    added = 0
    for entry in queryset:
        try:
            _shortlisting, created = services.shortlist_add(entry=entry, by=request.user)
        except services.AssessmentRefused as exc:
            modeladmin.message_user(request, f"{entry}: {exc}", messages.WARNING)
            continue
        added += created
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d entry shortlisted for assessment.",
            "%(count)d entries shortlisted for assessment.",
            added,
        )
        % {"count": added},
        messages.SUCCESS,
    )


entry_action_add(
    shortlist_for_assessment,
    permission="shortlist",
    has_permission=lambda modeladmin, request: request.user.has_perm(
        "assessments.add_shortlisting"
    ),
)


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 1
    fields = ["position", "name", "description", "weight"]


@admin.register(Rubric)
class RubricAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ["name", "campaign"]
    search_fields = ["name_fi", "name_sv", "campaign__name_fi", "campaign__name_sv"]
    list_select_related = ["campaign"]
    inlines = [CriterionInline]


@admin.register(Shortlisting)
class ShortlistingAdmin(admin.ModelAdmin):
    list_filter = ["stage", "campaign"]
    search_fields = [
        "pledge__title_fi",
        "pledge__title_sv",
        "initiative__title_fi",
        "initiative__title_sv",
    ]
    fields = ["pledge", "initiative", "campaign", "stage", "created_by", "created_at"]
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Entries are shortlisted from the pledges and initiatives lists (an action).
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The stage changes only through the ranking page's buttons.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        mine = {"shortlisting": OuterRef("pk"), "juror": request.user}
        return (
            super()
            .get_queryset(request)
            .select_related("pledge__organisation", "initiative__organisation", "campaign")
            .annotate(
                my_conflict=Exists(ConflictDeclaration.objects.filter(**mine, has_conflict=True)),
                my_scores=Exists(Score.objects.filter(**mine)),
            )
        )

    @admin.display(description=_("entry"))
    def entry_title(self, obj) -> str:
        return str(obj.entry)

    @admin.display(description=_("organisation"))
    def organisation(self, obj) -> str:
        return str(obj.entry.organisation)

    def get_list_display(self, request: HttpRequest):
        # The links depend on who looks (a juror scores, a curator ranks).
        can_score, can_manage = request.user.has_perm(SCORE), request.user.has_perm(MANAGE)

        @admin.display(description=_("assessment"))
        def assessment(obj) -> str:
            links = []
            if can_score and obj.stage == Shortlisting.Stage.SHORTLISTED:
                if obj.my_conflict:
                    links.append(format_html("{}", _("Conflict of interest declared")))
                else:
                    label = _("Change your scores") if obj.my_scores else _("Score")
                    url = reverse("admin:assessments_shortlisting_score", args=[obj.pk])
                    links.append(format_html('<a href="{}">{}</a>', url, label))
            if can_manage:
                url = reverse("admin:assessments_shortlisting_ranking", args=[obj.campaign_id])
                links.append(format_html('<a href="{}">{}</a>', url, _("Ranking")))
            return format_html(" · ".join(["{}"] * len(links)), *links) if links else "–"

        return ["entry_title", "organisation", "campaign", "stage", assessment]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/score/", view(self.score_view), name="assessments_shortlisting_score"),
            path(
                "ranking/",
                view(self.ranking_index_view),
                name="assessments_shortlisting_rankings",
            ),
            path(
                "ranking/<int:campaign_id>/",
                view(self.ranking_view),
                name="assessments_shortlisting_ranking",
            ),
            path(
                "<int:pk>/select/",
                view(require_POST(self.select_view)),
                name="assessments_shortlisting_select",
            ),
            path("<int:pk>/award/", view(self.award_view), name="assessments_shortlisting_award"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    # The juror's scoring page: the entry, the conflict declaration, then the scores.
    def score_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not (request.user.has_perm(SCORE) and request.user.has_perm("assessments.change_score")):
            raise PermissionDenied
        shortlisting = get_object_or_404(selectors.shortlist_all(), pk=pk)
        criteria = selectors.criteria_of(shortlisting)
        declaration = selectors.declaration_of(shortlisting, request.user)
        own = selectors.scores_of(shortlisting, request.user)
        # Unanswered until the juror declares: no preselected "no" (the form shows only
        # while there is no declaration).
        conflict_form = ConflictForm()
        score_form = ScoreForm(
            criteria=criteria,
            initial={
                **{f"value_{k}": str(s.value) for k, s in own.items()},
                **{f"comment_{k}": s.comment for k, s in own.items()},
            },
        )
        if request.method == "POST":
            try:
                if "declare" in request.POST:
                    conflict_form = ConflictForm(request.POST)
                    if conflict_form.is_valid():
                        services.conflict_declare(
                            shortlisting=shortlisting,
                            juror=request.user,
                            has_conflict=conflict_form.cleaned_data["has_conflict"],
                            explanation=conflict_form.cleaned_data["explanation"],
                        )
                        self.message_user(request, _("Your declaration has been saved."))
                        return HttpResponseRedirect(request.path)
                elif "score" in request.POST:
                    score_form = ScoreForm(request.POST, criteria=criteria)
                    if score_form.is_valid():
                        services.score_submit(
                            shortlisting=shortlisting,
                            juror=request.user,
                            values=score_form.values(),
                        )
                        self.message_user(request, _("Your scores have been saved."))
                        return HttpResponseRedirect(request.path)
            except services.AssessmentRefused as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return HttpResponseRedirect(request.path)
        status = 200 if request.method == "GET" else 400
        return TemplateResponse(
            request,
            "admin/assessments/score.html",
            self._context(
                request,
                _("Assess: %(entry)s") % {"entry": shortlisting.entry},
                shortlisting=shortlisting,
                entry=shortlisting.entry,
                criteria=criteria,
                declaration=declaration,
                conflict_form=conflict_form,
                score_form=score_form,
                open=shortlisting.stage == Shortlisting.Stage.SHORTLISTED,
            ),
            status=status,
        )

    def ranking_index_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        campaigns = Campaign.objects.filter(shortlistings__isnull=False).distinct()
        return TemplateResponse(
            request,
            "admin/assessments/ranking_index.html",
            self._context(request, _("Rankings"), campaigns=campaigns),
        )

    # The ranking: curators only (jurors score independently of each other).
    def ranking_view(self, request: HttpRequest, campaign_id: int) -> HttpResponse:
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign, pk=campaign_id)
        return TemplateResponse(
            request,
            "admin/assessments/ranking.html",
            self._context(
                request,
                _("Ranking: %(campaign)s") % {"campaign": campaign},
                campaign=campaign,
                rows=selectors.ranking(campaign),
            ),
        )

    def _advance_allowed(self, request: HttpRequest, shortlisting: Shortlisting, action: str):
        kind = shortlisting.entry.kind
        if not (
            request.user.has_perm(MANAGE) and request.user.has_perm(f"pledges.{action}_{kind}")
        ):
            raise PermissionDenied

    def _ranking_url(self, shortlisting: Shortlisting) -> str:
        return reverse("admin:assessments_shortlisting_ranking", args=[shortlisting.campaign_id])

    def select_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        shortlisting = get_object_or_404(selectors.shortlist_all(), pk=pk)
        self._advance_allowed(request, shortlisting, "select")
        try:
            services.stage_advance(
                shortlisting=shortlisting, to_stage=Shortlisting.Stage.SELECTED, by=request.user
            )
        except services.AssessmentRefused as exc:
            self.message_user(request, f"{shortlisting}: {exc}", messages.ERROR)
        else:
            self.message_user(
                request, _("%(entry)s: selected.") % {"entry": shortlisting}, messages.SUCCESS
            )
        return HttpResponseRedirect(self._ranking_url(shortlisting))

    def award_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        shortlisting = get_object_or_404(selectors.shortlist_all(), pk=pk)
        self._advance_allowed(request, shortlisting, "award")
        form = AwardStageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if data["award"] is None and not request.user.has_perm("pledges.add_award"):
                raise PermissionDenied
            try:
                award = services.shortlisting_award(
                    shortlisting=shortlisting,
                    by=request.user,
                    award=data["award"],
                    name_fi=data["name_fi"],
                    name_sv=data["name_sv"],
                    year=data["year"],
                    reasoning_fi=data["reasoning_fi"],
                    reasoning_sv=data["reasoning_sv"],
                )
            except services.AssessmentRefused as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _("%(entry)s: given the award %(award)s.")
                    % {"entry": shortlisting, "award": award},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._ranking_url(shortlisting))
        return TemplateResponse(
            request,
            "admin/assessments/award.html",
            self._context(
                request,
                _("Give an award: %(entry)s") % {"entry": shortlisting},
                shortlisting=shortlisting,
                form=form,
            ),
            status=400 if request.method == "POST" else 200,
        )


class OwnRowsAdmin(admin.ModelAdmin):
    """Read-only lists: a juror sees only their own rows, curators everyone's."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.has_perm(MANAGE):
            return queryset
        return queryset.filter(juror=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Score)
class ScoreAdmin(OwnRowsAdmin):
    list_display = ["shortlisting", "criterion", "juror", "value", "updated_at"]
    list_filter = ["shortlisting__campaign"]
    list_select_related = [
        "shortlisting__pledge",
        "shortlisting__initiative",
        "criterion",
        "juror",
    ]
    fields = ["shortlisting", "criterion", "juror", "value", "comment", "created_at", "updated_at"]
    readonly_fields = fields

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(OwnRowsAdmin):
    list_display = ["shortlisting", "juror", "has_conflict", "declared_at"]
    list_filter = ["has_conflict", "shortlisting__campaign"]
    list_select_related = ["shortlisting__pledge", "shortlisting__initiative", "juror"]
    fields = ["shortlisting", "juror", "has_conflict", "explanation", "declared_at"]
    readonly_fields = fields
