"""Staff pages of the admin site itself: the review-queue count and translation parity."""

from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import LANGUAGE_NAMES, missing_languages, missing_q, translated_fields

# Most objects listed per model, so a large backlog cannot make the page time out.
PARITY_LIMIT_PER_MODEL = 500


def review_queue(site: AdminSite, request: HttpRequest) -> list[dict]:
    """Pledges and initiatives waiting for review, for those who may publish them."""
    from pledges.admin import WAITING
    from pledges.models import Initiative, Pledge

    rows = []
    for model in (Pledge, Initiative):
        opts = model._meta
        if model not in site._registry or not request.user.has_perm(
            f"{opts.app_label}.publish_{opts.model_name}"
        ):
            continue
        url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_changelist")
        rows.append(
            {
                "name": opts.verbose_name_plural,
                "count": model.objects.filter(status__in=WAITING).count(),
                "url": f"{url}?queue=waiting",
            }
        )
    rows.extend(progress_reports_waiting(site, request))
    return rows


def progress_reports_waiting(site: AdminSite, request: HttpRequest) -> list[dict]:
    """Progress reports waiting for review, for those who may publish them."""
    from pledges.models import ProgressReport

    if ProgressReport not in site._registry or not request.user.has_perm(
        "pledges.publish_progressreport"
    ):
        return []
    url = reverse(f"{site.name}:pledges_progressreport_changelist")
    return [
        {
            "name": ProgressReport._meta.verbose_name_plural,
            "count": ProgressReport.objects.filter(review=ProgressReport.Review.SUBMITTED).count(),
            "url": f"{url}?review__exact=submitted",
        }
    ]


def progress_overdue(site: AdminSite, request: HttpRequest) -> dict | None:
    """Pledges whose progress report is overdue (the list can be exported from there)."""
    from pledges.models import Pledge

    if Pledge not in site._registry or not request.user.has_perm("pledges.view_pledge"):
        return None
    url = reverse(f"{site.name}:pledges_pledge_changelist")
    return {
        "count": Pledge.objects.filter(progress_status="overdue").count(),
        "url": f"{url}?progress_status__exact=overdue",
    }


def feedback_overdue(site: AdminSite, request: HttpRequest) -> dict | None:
    """Accessibility feedback past its 14-day reply deadline, for those who handle it."""
    from portal.models import AccessibilityFeedback

    if AccessibilityFeedback not in site._registry or not request.user.has_perm(
        "portal.view_accessibilityfeedback"
    ):
        return None
    url = reverse(f"{site.name}:portal_accessibilityfeedback_changelist")
    return {
        "count": AccessibilityFeedback.objects.overdue().count(),
        "url": f"{url}?reply=overdue",
    }


def _translated_admins(site: AdminSite, request: HttpRequest):
    for model, model_admin in site._registry.items():
        if translated_fields(model) and model_admin.has_view_or_change_permission(request):
            yield model, model_admin


def parity_rows(site: AdminSite, request: HttpRequest) -> list[dict]:
    """Every object of a translated model that lacks Finnish or Swedish text, oldest first.

    Models with a creation time are ordered by it; the others (set up once by staff, such
    as themes) follow in the order they were added.
    """
    rows = []
    for model, _model_admin in _translated_admins(site, request):
        queries = [q for q in (missing_q(model, code) for code in LANGUAGE_NAMES) if q is not None]
        if not queries:
            continue
        condition = queries[0]
        for q in queries[1:]:
            condition |= q
        dated = any(f.name == "created_at" for f in model._meta.fields)
        order = ["created_at", "pk"] if dated else ["pk"]
        opts = model._meta
        for obj in model._default_manager.filter(condition).order_by(*order)[
            :PARITY_LIMIT_PER_MODEL
        ]:
            url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            rows.append(
                {
                    "model": opts.verbose_name,
                    "object": str(obj),
                    "url": url,
                    "created": getattr(obj, "created_at", None) if dated else None,
                    "missing": [LANGUAGE_NAMES[code] for code in missing_languages(obj)],
                    "order": (0, obj.created_at, 0) if dated else (1, None, obj.pk),
                }
            )
    # Dated rows first, oldest first; then undated ones by model and pk.
    dated_rows = sorted((r for r in rows if r["order"][0] == 0), key=lambda r: r["order"][1])
    undated_rows = [r for r in rows if r["order"][0] == 1]
    return dated_rows + undated_rows


def translation_parity(request: HttpRequest, *, site: AdminSite) -> TemplateResponse:
    """A staff page: what lacks a Finnish or Swedish translation, oldest first."""
    return TemplateResponse(
        request,
        "admin/translation_parity.html",
        {
            **site.each_context(request),
            "title": _("Missing translations"),
            "rows": parity_rows(site, request),
            "limit": PARITY_LIMIT_PER_MODEL,
        },
    )
