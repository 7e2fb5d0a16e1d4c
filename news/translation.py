from modeltranslation.translator import TranslationOptions, register

from news.models import NewsItem


@register(NewsItem)
class NewsItemTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "lead", "body")
