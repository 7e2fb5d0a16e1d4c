from modeltranslation.translator import TranslationOptions, register

from mailings.models import Newsletter


@register(Newsletter)
class NewsletterTranslationOptions(TranslationOptions):
    fields = ("subject", "body")
