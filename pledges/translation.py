from modeltranslation.translator import TranslationOptions, register

from pledges.models import Award, Initiative, Pledge


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
