from modeltranslation.translator import TranslationOptions, register

from pledges.models import Award, Indicator, Initiative, Pledge, ProgressReport


@register(Pledge)
class PledgeTranslationOptions(TranslationOptions):
    # Written in one language; staff add the other in the admin.
    fields = ("title", "text")


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = ("title", "text", "partners_sought")


@register(Award)
class AwardTranslationOptions(TranslationOptions):
    fields = ("name", "reasoning")
    required_languages = ("fi", "sv")


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ProgressReport)
class ProgressReportTranslationOptions(TranslationOptions):
    # Written in either language or both.
    fields = ("text",)
