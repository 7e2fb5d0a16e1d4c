from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from programmes.models import (
    AnnualTheme,
    Campaign,
    ContactPerson,
    GovernmentTerm,
    Measure,
    MeasureStatusChange,
    Programme,
)
from themes.models import Theme


def programme_current() -> Programme | None:
    """The programme the site presents, with what its page shows, or None before set-up."""
    return (
        Programme.objects.prefetch_related(
            "goals",
            "publications",
            "supports",
            Prefetch("contacts", queryset=ContactPerson.objects.order_by("position", "name")),
        )
        .order_by("pk")
        .first()
    )


def annual_theme_current(programme: Programme) -> AnnualTheme | None:
    """This year's umbrella theme, or the most recent earlier one if this year has none."""
    year = timezone.localdate().year
    return programme.annual_themes.filter(year__lte=year).order_by("-year").first()


def annual_themes_archive(programme: Programme) -> list[AnnualTheme]:
    """Every umbrella theme up to this year, newest first (a future year's is not yet public)."""
    year = timezone.localdate().year
    return list(programme.annual_themes.filter(year__lte=year).order_by("-year"))


def campaigns_closed(at: datetime | None = None) -> list[Campaign]:
    """Campaigns that have closed, newest first: the programme's history."""
    at = at or timezone.now()
    return list(Campaign.objects.filter(closes_at__lte=at).order_by("-opens_at"))


def footer_contacts() -> list[ContactPerson]:
    """The programme's first contact persons, shown in the footer of every page."""
    return list(
        ContactPerson.objects.filter(programme__isnull=False).order_by("position", "name")[:2]
    )


def campaign_open(at: datetime | None = None) -> Campaign | None:
    """The campaign accepting submissions now (the one closing first if several overlap)."""
    at = at or timezone.now()
    return Campaign.objects.filter(opens_at__lte=at, closes_at__gt=at).order_by("closes_at").first()


def campaign_next(at: datetime | None = None) -> Campaign | None:
    """The next campaign to open, if one is known."""
    at = at or timezone.now()
    return Campaign.objects.filter(opens_at__gt=at).order_by("opens_at").first()


def measures_public() -> QuerySet[Measure]:
    """The government's integration measures: public as soon as they exist (the admin
    requires both languages)."""
    return Measure.objects.all()


def measure_terms_grouped(
    *, status: str = "", kind: str = "", theme: Theme | None = None
) -> list[tuple[GovernmentTerm, list[Measure]]]:
    """Every government term, newest first, with its measures that match the filters.

    Unfiltered, a term without measures is listed too (its note may say that the content is
    being updated); filtered, only terms with matching measures. Three queries whatever the
    number of measures (terms, measures, their themes).
    """
    measures = measures_public().select_related("replaced_by").prefetch_related("themes")
    if status:
        measures = measures.filter(status=status)
    if kind:
        measures = measures.filter(kind=kind)
    if theme is not None:
        measures = measures.filter(themes=theme)
    by_term: dict[int, list[Measure]] = {}
    for measure in measures.order_by("title", "pk"):
        by_term.setdefault(measure.term_id, []).append(measure)
    filtered = bool(status or kind or theme is not None)
    return [
        (term, by_term.get(term.pk, []))
        for term in GovernmentTerm.objects.order_by("-starts_on", "-pk")
        if by_term.get(term.pk) or not filtered
    ]


def measure_public_by_pk(pk: int, *, language: str) -> Measure | None:
    """A measure with everything its page shows: the timeline oldest first, and only the
    news items whose edition in `language` is public (news names them by its own fields)."""
    news_model = Measure._meta.get_field("news").related_model
    now = timezone.now()
    news = news_model.objects.filter(
        **{f"published_{language}__isnull": False, f"published_{language}__lte": now}
    ).order_by(f"-published_{language}", "-pk")
    return (
        measures_public()
        .select_related("term", "replaced_by")
        .prefetch_related(
            Prefetch("status_changes", queryset=MeasureStatusChange.objects.order_by("date", "pk")),
            "replaces",
            "publications",
            "themes",
            Prefetch("news", queryset=news),
        )
        .filter(pk=pk)
        .first()
    )


def measure_status_changes_latest(*, limit: int) -> QuerySet[MeasureStatusChange]:
    """The latest status changes of public measures, newest first (the feed)."""
    return (
        MeasureStatusChange.objects.filter(measure__in=measures_public())
        .select_related("measure")
        .order_by("-date", "-pk")[:limit]
    )
