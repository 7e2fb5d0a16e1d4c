"""The open data API v1: read-only lists and details of what the public pages show."""

from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api import barometer_results, filters, selectors, serializers
from events.selectors import events_past, events_upcoming
from pledges.models import Initiative, Pledge

PROBLEM = "application/problem+json"
LIST_ERRORS = {
    (400, PROBLEM): serializers.ProblemSerializer,
    (429, PROBLEM): serializers.ProblemSerializer,
}
DETAIL_ERRORS = {
    (404, PROBLEM): serializers.ProblemSerializer,
    (429, PROBLEM): serializers.ProblemSerializer,
}


def _latest(objects, field: str):
    stamps = [getattr(obj, field) for obj in objects if getattr(obj, field, None)]
    return max(stamps) if stamps else None


def documented(serializer, filters_class, tag: str, summary: str):
    """The schema of a public list and detail: filters, pages, problem responses."""
    return extend_schema_view(
        list=extend_schema(
            summary=summary,
            tags=[tag],
            parameters=[filters_class],
            responses={200: serializer(many=True), **LIST_ERRORS},
        ),
        retrieve=extend_schema(tags=[tag], responses={200: serializer, **DETAIL_ERRORS}),
    )


class PublicViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A list and a detail of public objects. Subclasses give `serializer_class`,
    `filters_class`, `public()` and may extend `filter()` and `prepare()`."""

    filters_class = filters.PlainFilters
    updated_field: str | None = "updated_at"

    def public(self):
        raise NotImplementedError

    def filter(self, queryset, parsed: dict):
        return filters.apply_common(queryset, parsed, updated_field=self.updated_field)

    def get_queryset(self):
        queryset = self.public()
        if self.action == "list":
            queryset = self.filter(queryset, filters.parse(self.filters_class, self.request.GET))
        return queryset

    def prepare(self, objects) -> None:
        """Set what the serializers need on the objects of a page (nothing by default)."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.prepare(page)
        # No Last-Modified on a list: the newest time on a page says nothing of an item
        # that left it (withdrawn, or no longer public), so a client asking only
        # If-Modified-Since would keep a stale page. The ETag (of the body) catches both.
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.prepare([obj])
        response = Response(self.get_serializer(obj).data)
        if self.updated_field:
            response.last_modified = _latest([obj], self.updated_field)
        return response


@documented(serializers.ThemeSerializer, filters.PlainFilters, "themes", "The five themes")
class ThemeViewSet(PublicViewSet):
    """The programme's five themes, in their official order."""

    serializer_class = serializers.ThemeSerializer
    updated_field = None

    def public(self):
        return selectors.api_themes()


@documented(serializers.PledgeSerializer, filters.PledgeFilters, "pledges", "Public pledges")
class PledgeViewSet(PublicViewSet):
    """Pledges published on the site (published by staff, with the submitter's consent),
    with their confirmed partners and awards."""

    serializer_class = serializers.PledgeSerializer
    filters_class = filters.PledgeFilters

    def public(self):
        return selectors.api_pledges()

    def filter(self, queryset, parsed):
        return filters.apply_entry_filters(queryset, parsed, Pledge)


@documented(
    serializers.InitiativeSerializer, filters.InitiativeFilters, "initiatives", "Public initiatives"
)
class InitiativeViewSet(PublicViewSet):
    """Initiatives published on the site, with their confirmed partners and awards."""

    serializer_class = serializers.InitiativeSerializer
    filters_class = filters.InitiativeFilters

    def public(self):
        return selectors.api_initiatives()

    def filter(self, queryset, parsed):
        return filters.apply_entry_filters(queryset, parsed, Initiative)


@documented(
    serializers.OrganisationSerializer,
    filters.OrganisationFilters,
    "organisations",
    "Organisations with something public",
)
class OrganisationViewSet(PublicViewSet):
    """Organisations with a public page: leads of public entries and confirmed partners of
    public initiatives. Public fields only (no contact details)."""

    serializer_class = serializers.OrganisationSerializer
    filters_class = filters.OrganisationFilters
    updated_field = None

    def public(self):
        return selectors.api_organisations()

    def filter(self, queryset, parsed):
        if "type" in parsed:
            queryset = queryset.filter(type=parsed["type"])
        if "region" in parsed:
            queryset = queryset.filter(region=parsed["region"])
        return queryset


@documented(serializers.AwardSerializer, filters.PlainFilters, "awards", "Awards")
class AwardViewSet(PublicViewSet):
    """Awards given to public pledges and initiatives (only the public ones are named)."""

    serializer_class = serializers.AwardSerializer
    updated_field = None

    def public(self):
        return selectors.api_awards()


@documented(serializers.EventSerializer, filters.EventFilters, "events", "Published events")
class EventViewSet(PublicViewSet):
    """Published events with their free places (registrants are never shown)."""

    serializer_class = serializers.EventSerializer
    filters_class = filters.EventFilters

    def public(self):
        return selectors.api_events()

    def filter(self, queryset, parsed):
        queryset = super().filter(queryset, parsed)
        when = parsed.get("when", "all")
        if when == "upcoming":
            queryset = queryset.filter(pk__in=events_upcoming().values("pk"))
        elif when == "past":
            queryset = queryset.filter(pk__in=events_past().values("pk"))
        if "kind" in parsed:
            queryset = queryset.filter(kind=parsed["kind"])
        if "theme" in parsed:
            queryset = queryset.filter(themes=parsed["theme"])
        if "region" in parsed:
            queryset = queryset.filter(region=parsed["region"])
        return queryset


@documented(serializers.NewsItemSerializer, filters.NewsFilters, "news", "Published news")
class NewsViewSet(PublicViewSet):
    """News items published in at least one language; an edition not yet published in a
    language is null in it."""

    serializer_class = serializers.NewsItemSerializer
    filters_class = filters.NewsFilters

    def public(self):
        return selectors.api_news()

    def filter(self, queryset, parsed):
        queryset = super().filter(queryset, parsed)
        if "kind" in parsed:
            queryset = queryset.filter(kind=parsed["kind"])
        if "theme" in parsed:
            queryset = queryset.filter(themes=parsed["theme"])
        return queryset

    def prepare(self, objects) -> None:
        for item in objects:
            item.api_public_languages = selectors.news_public_languages(item)


@documented(
    serializers.ProgressReportSerializer,
    filters.ProgressReportFilters,
    "progress reports",
    "Published progress reports",
)
class ProgressReportViewSet(PublicViewSet):
    """Published progress reports of public pledges, with their indicator values."""

    serializer_class = serializers.ProgressReportSerializer
    filters_class = filters.ProgressReportFilters
    updated_field = None

    def public(self):
        return selectors.api_progress_reports()

    def filter(self, queryset, parsed):
        if "pledge" in parsed:
            queryset = queryset.filter(pledge=parsed["pledge"])
        if "submitted_since" in parsed:
            queryset = queryset.filter(submitted_at__gte=parsed["submitted_since"])
        return queryset


@documented(
    serializers.GovernmentTermSerializer, filters.PlainFilters, "measures", "Government terms"
)
class GovernmentTermViewSet(PublicViewSet):
    """Government terms, newest first; the measures page groups the measures by them."""

    serializer_class = serializers.GovernmentTermSerializer
    updated_field = None

    def public(self):
        return selectors.api_government_terms()


@documented(
    serializers.MeasureSerializer, filters.MeasureFilters, "measures", "Government measures"
)
class MeasureViewSet(PublicViewSet):
    """The government's integration measures with their status timeline (oldest first)."""

    serializer_class = serializers.MeasureSerializer
    filters_class = filters.MeasureFilters

    def public(self):
        return selectors.api_measures()

    def filter(self, queryset, parsed):
        queryset = super().filter(queryset, parsed)
        for name in ("status", "kind"):
            if name in parsed:
                queryset = queryset.filter(**{name: parsed[name]})
        if "theme" in parsed:
            queryset = queryset.filter(themes=parsed["theme"])
        if "term" in parsed:
            queryset = queryset.filter(term=parsed["term"])
        return queryset


class ProgrammeView(APIView):
    """The partnership programme the site presents: goals, annual umbrella themes and
    publications, as on the programme page."""

    @extend_schema(
        summary="The programme",
        tags=["programme"],
        parameters=[filters.LanguageOnly],
        responses={
            200: serializers.ProgrammeSerializer,
            (400, PROBLEM): serializers.ProblemSerializer,
            **DETAIL_ERRORS,
        },
    )
    def get(self, request, *args, **kwargs):
        filters.parse(filters.LanguageOnly, request.GET)
        programme = selectors.api_programme()
        if programme is None:
            raise NotFound
        return Response(serializers.ProgrammeSerializer(programme).data)


@extend_schema_view(
    list=extend_schema(
        summary="Closed barometer rounds",
        tags=["barometer"],
        parameters=[filters.PlainFilters],
        responses={200: serializers.BarometerRoundSerializer(many=True), **LIST_ERRORS},
    )
)
class BarometerRoundViewSet(PublicViewSet):
    """Closed rounds of the partnership barometer (an open round's results are not public)."""

    serializer_class = serializers.BarometerRoundSerializer

    def public(self):
        return barometer_results.api_barometer_rounds()


class BarometerResultsView(APIView):
    """A closed round's results: the figures of its results page and CSV download, with
    the same small-cell suppression (a suppressed figure is null, never a number)."""

    @extend_schema(
        summary="A closed round's results",
        tags=["barometer"],
        parameters=[filters.BarometerResultsFilters],
        responses={
            200: serializers.BarometerResultsSerializer,
            (400, PROBLEM): serializers.ProblemSerializer,
            **DETAIL_ERRORS,
        },
    )
    def get(self, request, year: int, *args, **kwargs):
        parsed = filters.parse(filters.BarometerResultsFilters, request.GET)
        survey = barometer_results.barometer_round(year)
        if survey is None:
            raise NotFound
        data = barometer_results.round_results(survey, breakdown=parsed.get("breakdown", "none"))
        return Response(serializers.BarometerResultsSerializer(data).data)


class NotFoundView(APIView):
    """Any other address under /api/v1/: a 404 problem, not the site's HTML page."""

    schema = None  # not an operation of the API

    def get(self, request, *args, **kwargs):
        raise NotFound


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3.1 schema: JSON, or YAML with `?format=yaml` or `Accept: application/yaml`."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer, OpenApiYamlRenderer2]
