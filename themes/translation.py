from modeltranslation.translator import TranslationOptions, register

from themes.models import Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "summary", "description")
    required_languages = ("fi", "sv")
