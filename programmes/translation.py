from modeltranslation.translator import TranslationOptions, register

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


@register(RelatedProgramme)
class RelatedProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "url")


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "description", "coordinator", "url")
    required_languages = ("fi", "sv")


@register(Goal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(AnnualTheme)
class AnnualThemeTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Publication)
class PublicationTranslationOptions(TranslationOptions):
    fields = ("title", "url")


@register(ContactPerson)
class ContactPersonTranslationOptions(TranslationOptions):
    fields = ("title", "organisation")


@register(Campaign)
class CampaignTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fi", "sv")


@register(GovernmentTerm)
class GovernmentTermTranslationOptions(TranslationOptions):
    fields = ("name", "note")
    required_languages = {"fi": ("name",), "sv": ("name",)}


@register(Measure)
class MeasureTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "ministry")


@register(MeasureStatusChange)
class MeasureStatusChangeTranslationOptions(TranslationOptions):
    fields = ("note",)
