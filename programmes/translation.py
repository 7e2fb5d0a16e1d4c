from modeltranslation.translator import TranslationOptions, register

from programmes.models import (
    AnnualTheme,
    Campaign,
    ContactPerson,
    Goal,
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
