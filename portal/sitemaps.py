"""The sitemap sections: the shell's own pages, then every app's `SITEMAPS` (a dict of
section name to sitemap class in the app's `sitemaps.py`), found the way the admin finds
`admin.py`, so a new app's pages join the sitemap index without a change here."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from core.i18n import x_default_path
from core.sitemap_base import RowSitemap
from themes.selectors import theme_list


class I18nSitemap(Sitemap):
    """Each page once per language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(I18nSitemap):
    def items(self) -> list[str]:
        return ["home", "programmes:programme", "themes:list", "accessibility", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class ThemeSitemap(I18nSitemap):
    topics = ("themes",)

    def items(self):
        return theme_list()


class _PageXDefault:
    """x-default as the page's own <head> says it (core.i18n.x_default_path).

    Django's x_default is the Finnish path without its language prefix ("/ohjelma/"), which
    answers 404 to a Swedish browser; it is replaced by the page's Finnish URL, or by its
    only language's URL for a page that exists in one language only.
    """

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            alternates = [a for a in url_info["alternates"] if a["lang_code"] != "x-default"]
            if alternates:
                locations = {a["lang_code"]: a["location"] for a in alternates}
                alternates.append({"lang_code": "x-default", "location": x_default_path(locations)})
            url_info["alternates"] = alternates
        return urls


def _with_page_x_default(sitemap_class: type[Sitemap]) -> type[Sitemap]:
    if issubclass(sitemap_class, RowSitemap):  # builds its alternates the same way itself
        return sitemap_class
    return type(sitemap_class.__name__, (_PageXDefault, sitemap_class), {})


def _app_sitemaps() -> dict[str, type[Sitemap]]:
    found: dict[str, type[Sitemap]] = {}
    for label in settings.PROJECT_APPS:
        if label == "portal":  # this module
            continue
        config = apps.get_app_config(label)
        if config.module is None or not module_has_submodule(config.module, "sitemaps"):
            continue
        for name, sitemap_class in getattr(
            import_module(f"{config.name}.sitemaps"), "SITEMAPS", {}
        ).items():
            if name in found:
                raise ValueError(f"Sitemap section {name!r} is declared twice.")
            found[name] = sitemap_class
    return found


SITEMAPS = {
    name: _with_page_x_default(sitemap_class)
    for name, sitemap_class in {
        "pages": StaticPagesSitemap,
        "themes": ThemeSitemap,
        **_app_sitemaps(),
    }.items()
}
