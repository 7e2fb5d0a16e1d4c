"""Sections of pledges and initiatives for the home page and the theme pages.

Home page: `{% load pledges_tags %}{% pledges_home %}`.
Theme page: `{% load pledges_tags %}{% pledges_for_theme theme %}`.
"""

from django import template
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.content_versions import cached_value
from pledges.browse_views import list_url
from pledges.models import Organisation
from pledges.progress import ProgressStatus
from pledges.selectors import initiatives_public, pledges_public, progress_figures
from themes.models import Theme

register = template.Library()

HOME_RECENT = 3
THEME_RECENT = 6
# What the counts show; content_versions bumps these topics on every public change.
TOPICS = ("pledges", "initiatives")


def recent_queryset(queryset, count: int):
    """The newest `count` of a public queryset, in the order of the partial index
    <model>_public_recent_idx: a few index rows read backwards, not a sort of all of them."""
    return queryset.select_related("organisation").order_by("-published_at", "-pk")[:count]


def _recent(queryset, count: int) -> list:
    return list(recent_queryset(queryset, count))


def home_counts() -> dict[str, int]:
    """The home page's numbers, counted once per change of the public entries.

    Counting means reading every public row (the indexes only make each row cheap), so at
    national scale the numbers come from the shared cache and are recounted after a change.
    """

    def compute() -> dict[str, int]:
        pledges = pledges_public()
        initiatives = initiatives_public()
        organisations = Organisation.objects.filter(
            Q(pk__in=pledges.values("organisation_id"))
            | Q(pk__in=initiatives.values("organisation_id"))
        )
        return {
            "pledge_count": pledges.count(),
            "initiative_count": initiatives.count(),
            "organisation_count": organisations.count(),
        }

    return cached_value("home-counts", TOPICS, compute)


def theme_counts(theme: Theme) -> dict[str, int]:
    """A theme page's numbers of public pledges and initiatives (cached like home_counts)."""

    def compute() -> dict[str, int]:
        return {
            "pledge_count": pledges_public().filter(themes=theme).count(),
            "initiative_count": initiatives_public().filter(themes=theme).count(),
        }

    return cached_value(f"theme-counts:{theme.pk}", TOPICS, compute)


def programme_progress() -> dict:
    """Programme-wide progress for the home and theme pages: public pledges with a report
    published this year and completed pledges (cached like home_counts; the year is in the
    key, so the figures turn over on New Year's Day without a change)."""
    year = timezone.localdate().year
    figures = cached_value(f"progress-figures:{year}", TOPICS, lambda: progress_figures(year=year))
    return {
        "progress_year": year,
        "reported_this_year": figures["reported_this_year"],
        "completed_count": figures["completed"],
        "completed_url": list_url("pledges", progress=ProgressStatus.COMPLETED),
    }


@register.inclusion_tag("pledges/includes/home.html", takes_context=True)
def pledges_home(context) -> dict:
    """Counts of public pledges, initiatives and their organisations, and the newest ones."""
    pledges = pledges_public()
    initiatives = initiatives_public()
    return {
        "request": context.get("request"),
        **home_counts(),
        **programme_progress(),
        "recent_pledges": _recent(pledges, HOME_RECENT),
        "recent_initiatives": _recent(initiatives, HOME_RECENT),
        "pledges_url": reverse("pledges:list"),
        "initiatives_url": reverse("initiatives:list"),
        "participate_url": reverse("participate:form"),
    }


@register.inclusion_tag("pledges/includes/theme.html", takes_context=True)
def pledges_for_theme(context, theme: Theme) -> dict:
    """The theme's newest public pledges and initiatives, with links to all of them."""
    pledges = pledges_public().filter(themes=theme)
    initiatives = initiatives_public().filter(themes=theme)
    return {
        "request": context.get("request"),
        "theme": theme,
        "pledges": _recent(pledges, THEME_RECENT),
        "initiatives": _recent(initiatives, THEME_RECENT),
        **theme_counts(theme),
        **programme_progress(),
        "pledges_url": list_url("pledges", theme=theme.pk),
        "initiatives_url": list_url("initiatives", theme=theme.pk),
    }


@register.filter
def join_widget(field):
    """A form field's widget tied to its help text and error message for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
