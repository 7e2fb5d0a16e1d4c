"""The API's reads: the public selectors the pages use, with what the serializers need
fetched up front (a bounded number of queries per page, whatever its size)."""

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from events.selectors import events_public, events_with_counts
from news.models import NewsItem
from news.selectors import news_public
from pledges.models import Award, Entry, Initiative, Organisation, Partner, Pledge
from pledges.progress import IndicatorValue, ProgressReport
from pledges.selectors import (
    initiatives_public,
    organisations_public,
    pledges_public,
    progress_reports_public,
)
from programmes.models import GovernmentTerm, Measure, MeasureStatusChange, Programme
from programmes.selectors import annual_themes_archive, measures_public, programme_current
from themes.models import Theme
from themes.selectors import theme_list

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def _entries_for_api(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    confirmed = Partner.objects.filter(status=Partner.Status.CONFIRMED).select_related(
        "organisation"
    )
    return entries.select_related("organisation", "submission").prefetch_related(
        "themes",
        Prefetch("awards", queryset=Award.objects.order_by("-year", "pk")),
        Prefetch("submission__partners", queryset=confirmed, to_attr="confirmed_partners"),
    )


def api_pledges() -> QuerySet[Pledge]:
    return _entries_for_api(pledges_public())


def api_initiatives() -> QuerySet[Initiative]:
    return _entries_for_api(initiatives_public())


def api_themes() -> QuerySet[Theme]:
    return theme_list()


def api_organisations() -> QuerySet[Organisation]:
    return organisations_public()


def api_awards() -> QuerySet[Award]:
    """Awards given to a public pledge or initiative, with only their public entries."""
    public = Q(pledges__in=pledges_public().values("pk")) | Q(
        initiatives__in=initiatives_public().values("pk")
    )
    return Award.objects.filter(pk__in=Award.objects.filter(public).values("pk")).prefetch_related(
        Prefetch("pledges", queryset=pledges_public().only("pk"), to_attr="public_pledges"),
        Prefetch(
            "initiatives",
            queryset=initiatives_public().only("pk"),
            to_attr="public_initiatives",
        ),
    )


def api_events() -> QuerySet:
    """Published events with their confirmed registrations counted (for free places only:
    no registration is ever read)."""
    return events_with_counts(events_public()).prefetch_related("themes")


def api_news(*, at=None) -> QuerySet[NewsItem]:
    """News items public in at least one language."""
    at = at or timezone.now()
    public = Q()
    for code in LANGUAGE_CODES:
        public |= Q(pk__in=news_public(language=code, at=at).values("pk"))
    return NewsItem.objects.filter(public).prefetch_related("themes")


def news_public_languages(item: NewsItem, *, at=None) -> tuple[str, ...]:
    """The languages in which `item` is published (as news_public decides)."""
    at = at or timezone.now()
    return tuple(
        code
        for code in LANGUAGE_CODES
        if getattr(item, f"published_{code}") is not None
        and getattr(item, f"published_{code}") <= at
    )


def api_progress_reports() -> QuerySet[ProgressReport]:
    """Published reports of public pledges, with their indicator values."""
    values = IndicatorValue.objects.select_related("indicator")
    return (
        progress_reports_public()
        .prefetch_related(None)
        .prefetch_related(Prefetch("values", queryset=values))
    )


def api_measures() -> QuerySet[Measure]:
    """The government's integration measures (as the measures pages show them), with their
    status timeline oldest first, themes and publications: a bounded number of queries."""
    changes = MeasureStatusChange.objects.order_by("date", "pk")
    return (
        measures_public()
        .order_by("-pk")
        .prefetch_related(
            Prefetch("status_changes", queryset=changes),
            "themes",
            "publications",
        )
    )


def api_government_terms() -> QuerySet[GovernmentTerm]:
    """Every government term (the measures page lists them all, even without measures)."""
    return GovernmentTerm.objects.all()


def api_programme() -> Programme | None:
    """The programme the site presents (as its page), with its umbrella themes up to this
    year newest first in `api_annual_themes`; None before set-up."""
    programme = programme_current()
    if programme is not None:
        programme.api_annual_themes = annual_themes_archive(programme)
    return programme
