from modeltranslation.translator import TranslationOptions, register

from assessments.models import Criterion, Rubric


@register(Rubric)
class RubricTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi", "sv")


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"fi": ("name",), "sv": ("name",)}
