"""Which URL a page has in each language, for the switcher, hreflang and canonical links."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def object_urls(obj) -> dict[str, str]:
    """Paths of an object's page in every language (slugs differ per language)."""
    urls = {}
    for code in language_codes():
        with translation.override(code):
            urls[code] = obj.get_absolute_url()
    return urls


def request_urls(request: HttpRequest) -> dict[str, str]:
    """Paths of the requested page in every language, for pages without per-language slugs.

    A path that does not resolve (a 404) leads to the other language's home page instead.
    """
    current = translation.get_language()
    urls = {}
    for code in language_codes():
        translated = translate_url(request.path, code)
        if code != current and translated == request.path:
            with translation.override(code):
                translated = f"/{code}/"
        urls[code] = translated
    return urls


def x_default_path(urls: dict[str, str]) -> str:
    """The hreflang x-default of a page: its own URL in the default language (Finnish).

    Not a prefix-less path: "/ohjelma/" answered 404 to a Swedish browser. A page that
    exists only in the other language uses that one. The <head> and the sitemap both use
    this, so they always agree.
    """
    return urls.get(settings.LANGUAGE_CODE) or next(iter(urls.values()), "/")
