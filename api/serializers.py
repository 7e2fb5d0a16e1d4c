"""What the API returns: every translated field as {"fi": …, "sv": …} (null where that
language has no text), and each object's public page in both languages."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api import barometer_results
from events.selectors import event_free_places

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)

TRANSLATED_SCHEMA = {
    "type": "object",
    "properties": {code: {"type": ["string", "null"]} for code in LANGUAGE_CODES},
    "required": list(LANGUAGE_CODES),
    "additionalProperties": False,
}
URLS_SCHEMA = {
    "type": "object",
    "description": "The object's public page in each language (null if none).",
    "properties": {code: {"type": ["string", "null"], "format": "uri"} for code in LANGUAGE_CODES},
    "required": list(LANGUAGE_CODES),
    "additionalProperties": False,
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """A modeltranslation field in every language, without any fallback."""

    def __init__(self, field: str, *, source_attr: str = "", **kwargs) -> None:
        self.translated = field
        self.source_attr = source_attr  # a related object's field (an indicator's name)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> dict:
        if self.source_attr:
            obj = getattr(obj, self.source_attr)
        public = getattr(obj, "api_public_languages", LANGUAGE_CODES)
        return {
            code: (getattr(obj, f"{self.translated}_{code}", None) or None)
            if code in public
            else None
            for code in LANGUAGE_CODES
        }


@extend_schema_field(URLS_SCHEMA)
class UrlsField(serializers.Field):
    """The object's public page in each language, as an absolute URL."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> dict:
        public = getattr(obj, "api_public_languages", LANGUAGE_CODES)
        urls = {}
        for code in LANGUAGE_CODES:
            if code not in public:
                urls[code] = None
                continue
            with translation.override(code):
                urls[code] = absolute(obj.get_absolute_url())
        return urls


class ProblemSerializer(serializers.Serializer):
    """An error as problem details (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    invalid_params = serializers.ListField(child=serializers.CharField(), required=False)


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = TranslatedField("name")
    summary = TranslatedField("summary")
    description = TranslatedField("description")
    urls = UrlsField()


class OrganisationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.CharField()
    region = serializers.CharField()
    municipality = serializers.SerializerMethodField()
    nationwide = serializers.BooleanField()
    urls = UrlsField()

    @extend_schema_field({"type": ["string", "null"], "description": "Official code"})
    def get_municipality(self, obj) -> str | None:
        return obj.municipality_id


class OrganisationSerializer(OrganisationBriefSerializer):
    # Not the business ID: a sole trader's is tied to a person, and no page shows it.
    website = serializers.CharField()


class AwardBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField("name")
    year = serializers.IntegerField(allow_null=True)


class AwardSerializer(AwardBriefSerializer):
    reasoning = TranslatedField("reasoning")
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)
    pledges = serializers.SerializerMethodField()
    initiatives = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_pledges(self, obj) -> list[int]:
        return [pledge.pk for pledge in obj.public_pledges]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_initiatives(self, obj) -> list[int]:
        return [initiative.pk for initiative in obj.public_initiatives]


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = TranslatedField("title")
    text = TranslatedField("text")
    original_language = serializers.CharField()
    organisation = OrganisationBriefSerializer()
    partners = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    campaign = serializers.IntegerField(source="campaign_id")
    selected = serializers.BooleanField()
    awards = AwardBriefSerializer(many=True)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    urls = UrlsField()

    @extend_schema_field(OrganisationBriefSerializer(many=True))
    def get_partners(self, obj) -> list[dict]:
        """Confirmed partner organisations only (the pages show no others)."""
        partners = obj.submission.confirmed_partners
        return OrganisationBriefSerializer([p.organisation for p in partners], many=True).data

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_themes(self, obj) -> list[int]:
        return sorted(theme.pk for theme in obj.themes.all())


class PledgeSerializer(EntrySerializer):
    progress_status = serializers.CharField()


class InitiativeSerializer(EntrySerializer):
    partners_sought = TranslatedField("partners_sought")
    seeking_partners = serializers.BooleanField()
    stage = serializers.CharField()


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = TranslatedField("title")
    description = TranslatedField("description")
    kind = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = TranslatedField("place")
    address = TranslatedField("address")
    organiser = TranslatedField("organiser")
    online_url = serializers.SerializerMethodField()
    spoken_languages = serializers.ListField(child=serializers.CharField())
    scope = serializers.CharField()
    region = serializers.CharField()
    themes = serializers.SerializerMethodField()
    capacity = serializers.IntegerField(allow_null=True)
    free_places = serializers.SerializerMethodField()
    registration_opens_at = serializers.DateTimeField(allow_null=True)
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    is_cancelled = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    urls = UrlsField()

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_online_url(self, obj) -> str | None:
        """Null when the link is sent to registered participants only."""
        if obj.online_url_private or not obj.online_url:
            return None
        return obj.online_url

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_themes(self, obj) -> list[int]:
        return sorted(theme.pk for theme in obj.themes.all())

    @extend_schema_field({"type": ["integer", "null"], "minimum": 0})
    def get_free_places(self, obj) -> int | None:
        return event_free_places(obj, confirmed=obj.confirmed_count)


class NewsItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = TranslatedField("title")
    lead = TranslatedField("lead")
    body = TranslatedField("body")
    published = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()
    urls = UrlsField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                code: {"type": ["string", "null"], "format": "date-time"} for code in LANGUAGE_CODES
            },
            "required": list(LANGUAGE_CODES),
        }
    )
    def get_published(self, obj) -> dict:
        """When each language's edition was published (null: not public in it)."""
        field = serializers.DateTimeField()
        return {
            code: field.to_representation(getattr(obj, f"published_{code}"))
            if code in obj.api_public_languages
            else None
            for code in LANGUAGE_CODES
        }

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_themes(self, obj) -> list[int]:
        return sorted(theme.pk for theme in obj.themes.all())


class IndicatorValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    name = TranslatedField("name", source_attr="indicator")
    unit = serializers.CharField(source="indicator.unit")
    baseline = serializers.DecimalField(
        source="indicator.baseline", max_digits=14, decimal_places=2, coerce_to_string=False
    )
    target = serializers.DecimalField(
        source="indicator.target", max_digits=14, decimal_places=2, coerce_to_string=False
    )
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)


class ProgressReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pledge = serializers.IntegerField(source="pledge_id")
    period = serializers.IntegerField()
    period_end = serializers.DateField()
    status = serializers.CharField()
    text = TranslatedField("text")
    link = serializers.CharField()
    language = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    values = IndicatorValueSerializer(many=True)


class GovernmentTermSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField("name")
    prime_minister = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    note = TranslatedField("note")


class MeasureStatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    date = serializers.DateField()
    note = TranslatedField("note")


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = TranslatedField("title")
    summary = TranslatedField("summary")
    body = TranslatedField("body")
    ministry = TranslatedField("ministry")
    kind = serializers.CharField()
    status = serializers.CharField()
    term = serializers.IntegerField(source="term_id")
    replaced_by = serializers.IntegerField(source="replaced_by_id", allow_null=True)
    timeline = MeasureStatusChangeSerializer(source="status_changes.all", many=True)
    themes = serializers.SerializerMethodField()
    publications = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()
    urls = UrlsField()

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_themes(self, obj) -> list[int]:
        return sorted(theme.pk for theme in obj.themes.all())

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_publications(self, obj) -> list[int]:
        return sorted(publication.pk for publication in obj.publications.all())


def page_urls(name: str, **kwargs) -> dict:
    """A named public page in each language, as absolute URLs."""
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            urls[code] = absolute(reverse(name, kwargs=kwargs or None))
    return urls


class GoalSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = TranslatedField("text")


class AnnualThemeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = TranslatedField("title")
    description = TranslatedField("description")


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = TranslatedField("title")
    year = serializers.IntegerField()
    link = TranslatedField("url")
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Languages the publication itself exists in."
    )


class RelatedProgrammeSerializer(serializers.Serializer):
    name = TranslatedField("name")
    link = TranslatedField("url")


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField("name")
    summary = TranslatedField("summary")
    description = TranslatedField("description")
    coordinator = TranslatedField("coordinator")
    link = TranslatedField("url")
    supports = RelatedProgrammeSerializer(source="supports.all", many=True)
    goals = GoalSerializer(source="goals.all", many=True)
    annual_themes = serializers.SerializerMethodField()
    publications = PublicationSerializer(source="publications.all", many=True)
    urls = serializers.SerializerMethodField()

    @extend_schema_field(AnnualThemeSerializer(many=True))
    def get_annual_themes(self, obj) -> list[dict]:
        """Umbrella themes up to this year, newest first (as the programme page)."""
        return AnnualThemeSerializer(obj.api_annual_themes, many=True).data

    @extend_schema_field(URLS_SCHEMA)
    def get_urls(self, obj) -> dict:
        return page_urls("programmes:programme")


# The barometer ------------------------------------------------------------------------

SUPPRESSED_CHOICES = ["fewer_than_5", "protecting"]
ROUND_URLS_SCHEMA = {
    "type": "object",
    "description": "The results page and its CSV and XLSX downloads, in each language.",
    "properties": dict.fromkeys(("page", "csv", "xlsx"), URLS_SCHEMA),
    "required": ["page", "csv", "xlsx"],
    "additionalProperties": False,
}
FIGURES_SCHEMA = {
    "type": "object",
    "description": "Per option key; every value is null in a suppressed row.",
    "additionalProperties": {"type": ["integer", "null"], "minimum": 0},
}


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedValueField(serializers.JSONField):
    """An already translated {"fi": …, "sv": …} value."""


@extend_schema_field(ROUND_URLS_SCHEMA)
class RoundUrlsField(serializers.JSONField):
    pass


@extend_schema_field(FIGURES_SCHEMA)
class FiguresField(serializers.JSONField):
    pass


class BarometerRoundSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = TranslatedField("title")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    respondents = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()
    urls = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": ["integer", "null"], "description": "Null when fewer than 5 responded."}
    )
    def get_respondents(self, obj) -> int | None:
        return barometer_results.round_respondents(obj)

    @extend_schema_field(ROUND_URLS_SCHEMA)
    def get_urls(self, obj) -> dict:
        return barometer_results.round_urls(obj)


class BarometerOptionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = TranslatedValueField()


class BarometerRowSerializer(serializers.Serializer):
    group = serializers.CharField(help_text='"total", or the key of a group of the breakdown.')
    label = TranslatedValueField()
    suppressed = serializers.ChoiceField(
        choices=SUPPRESSED_CHOICES,
        allow_null=True,
        help_text="Why the row shows no figures (null: shown).",
    )
    n = serializers.IntegerField(allow_null=True, min_value=0)
    counts = FiguresField()
    percents = FiguresField()
    mean = serializers.FloatField(
        allow_null=True, help_text="Likert (1-5, cannot say excluded) or number mean."
    )
    mean_n = serializers.IntegerField(allow_null=True, min_value=0)


class BarometerQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["single", "multiple", "likert", "number", "background"])
    background = serializers.ChoiceField(choices=["organisation_type", "region"], allow_null=True)
    section = TranslatedValueField()
    text = TranslatedValueField()
    options = BarometerOptionSerializer(many=True)
    total_hidden = serializers.BooleanField()
    rows = BarometerRowSerializer(many=True, help_text="The total first, then the groups.")


class BarometerResultsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = TranslatedValueField()
    breakdown = serializers.ChoiceField(choices=["none", "organisation_type", "region"])
    respondents = serializers.IntegerField(
        allow_null=True, help_text="Null when fewer than 5 responded."
    )
    questions = BarometerQuestionSerializer(many=True)
    urls = RoundUrlsField()


class BarometerResultsDumpSerializer(serializers.BaseSerializer):
    """A round prepared with its results (`api_results`), as the results endpoint gives them."""

    def to_representation(self, instance) -> dict:
        return BarometerResultsSerializer(instance.api_results).data
