"""Query-string filters of the API lists, the same as the public pages' list filters.

A value that is not allowed is a 400 problem (not silently ignored as on the HTML pages: a
program should learn that its filter did nothing)."""

from datetime import UTC

from django.db.models import Exists, OuterRef, QuerySet
from rest_framework import serializers

from barometer.results import BREAKDOWNS
from core.regions import REGION_CHOICES
from events.models import Event
from news.models import NewsItem
from pledges.models import Initiative, Organisation, Pledge
from pledges.progress import ProgressStatus
from programmes.models import Measure

ID_LIMITS = {"min_value": 1, "max_value": 2**63 - 1, "required": False}


class SafeDateTimeField(serializers.DateTimeField):
    """A timestamp; values outside what the database holds are refused, not a 500."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or "\x00" in value:
            self.fail("invalid", format="ISO 8601")
        try:
            parsed = super().to_internal_value(value)
            parsed.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise serializers.ValidationError("Out of range.") from exc
        if not 1 <= parsed.year <= 9998:
            raise serializers.ValidationError("Out of range.")
        return parsed


class _Base(serializers.Serializer):
    ordering = serializers.ChoiceField(
        choices=["id", "-id"], required=False, help_text="Order of the pages (default -id)."
    )
    lang = serializers.ChoiceField(
        choices=["fi", "sv"], required=False, help_text="Language of error messages."
    )


class _Common(_Base):
    updated_since = SafeDateTimeField(
        required=False, help_text="Only objects changed at or after this time (ISO 8601)."
    )


class EntryFilters(_Common):
    theme = serializers.IntegerField(help_text="Theme id (/api/v1/themes/).", **ID_LIMITS)
    type = serializers.ChoiceField(
        choices=Organisation.Type.values, required=False, help_text="Organisation type."
    )
    region = serializers.ChoiceField(
        choices=[code for code, _name in REGION_CHOICES if code],
        required=False,
        help_text="Region of the lead organisation.",
    )
    campaign = serializers.IntegerField(help_text="Campaign id.", **ID_LIMITS)
    selected = serializers.BooleanField(
        required=False, default=None, allow_null=True, help_text="Selected for the programme."
    )
    awarded = serializers.BooleanField(
        required=False, default=None, allow_null=True, help_text="Has received an award."
    )


class PledgeFilters(EntryFilters):
    progress = serializers.ChoiceField(
        choices=[code for code in ProgressStatus.values if code], required=False
    )


class InitiativeFilters(EntryFilters):
    seeking = serializers.BooleanField(
        required=False, default=None, allow_null=True, help_text="Still seeking partners."
    )
    stage = serializers.ChoiceField(choices=Initiative.Stage.values, required=False)


class OrganisationFilters(_Base):
    type = serializers.ChoiceField(choices=Organisation.Type.values, required=False)
    region = serializers.ChoiceField(
        choices=[code for code, _name in REGION_CHOICES if code], required=False
    )


class EventFilters(_Common):
    when = serializers.ChoiceField(
        choices=["upcoming", "past", "all"], required=False, help_text="Default: all."
    )
    kind = serializers.ChoiceField(choices=Event.Kind.values, required=False)
    theme = serializers.IntegerField(help_text="Theme id.", **ID_LIMITS)
    region = serializers.ChoiceField(
        choices=[code for code, _name in REGION_CHOICES if code], required=False
    )


class NewsFilters(_Common):
    kind = serializers.ChoiceField(choices=NewsItem.Kind.values, required=False)
    theme = serializers.IntegerField(help_text="Theme id.", **ID_LIMITS)


class ProgressReportFilters(_Base):
    pledge = serializers.IntegerField(help_text="Pledge id.", **ID_LIMITS)
    submitted_since = SafeDateTimeField(
        required=False, help_text="Only reports sent at or after this time (ISO 8601)."
    )


class MeasureFilters(_Common):
    """As the public measures list filters (programmes.forms.MeasureFilterForm), and by term."""

    status = serializers.ChoiceField(choices=Measure.Status.values, required=False)
    kind = serializers.ChoiceField(choices=Measure.Kind.values, required=False)
    theme = serializers.IntegerField(help_text="Theme id.", **ID_LIMITS)
    term = serializers.IntegerField(
        help_text="Government term id (/api/v1/government-terms/).", **ID_LIMITS
    )


class LanguageOnly(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=["fi", "sv"], required=False, help_text="Language of error messages."
    )


class BarometerResultsFilters(LanguageOnly):
    breakdown = serializers.ChoiceField(
        choices=list(BREAKDOWNS),
        required=False,
        help_text="none (default): all respondents; or by organisation type or region.",
    )


class PlainFilters(_Base):
    pass


def parse(filters_class: type[serializers.Serializer], query_params) -> dict:
    """The valid filters, or a ValidationError (a 400 problem)."""
    data = {key: query_params.get(key) for key in query_params}
    serializer = filters_class(data=data)
    serializer.is_valid(raise_exception=True)
    return {key: value for key, value in serializer.validated_data.items() if value is not None}


def apply_common(queryset: QuerySet, filters: dict, *, updated_field="updated_at") -> QuerySet:
    if "updated_since" in filters and updated_field:
        queryset = queryset.filter(**{f"{updated_field}__gte": filters["updated_since"]})
    return queryset


def apply_entry_filters(queryset: QuerySet, filters: dict, model) -> QuerySet:
    """As pledges.browse_views filters the public lists."""
    queryset = apply_common(queryset, filters)
    if "theme" in filters:
        queryset = queryset.filter(themes=filters["theme"])
    if "type" in filters:
        queryset = queryset.filter(organisation__type=filters["type"])
    if "region" in filters:
        queryset = queryset.filter(organisation__region=filters["region"])
    if "campaign" in filters:
        queryset = queryset.filter(campaign=filters["campaign"])
    if filters.get("selected"):
        queryset = queryset.filter(selected=True)
    if filters.get("awarded"):
        through = model.awards.through
        name = "pledge" if model is Pledge else "initiative"
        queryset = queryset.filter(Exists(through.objects.filter(**{name: OuterRef("pk")})))
    if filters.get("seeking"):
        queryset = queryset.filter(seeking_partners=True)
    if "progress" in filters:
        queryset = queryset.filter(progress_status=filters["progress"])
    if "stage" in filters:
        queryset = queryset.filter(stage=filters["stage"])
    return queryset
