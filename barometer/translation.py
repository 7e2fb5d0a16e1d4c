from modeltranslation.translator import TranslationOptions, register

from barometer.models import Choice, Question, Section, Survey


@register(Survey)
class SurveyTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = {"fi": ("title",), "sv": ("title",)}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"fi": ("title",), "sv": ("title",)}


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "help_text", "low_label", "high_label")
    required_languages = {"fi": ("text",), "sv": ("text",)}


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi", "sv")
