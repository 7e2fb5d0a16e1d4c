from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.sitemap_base import RowSitemap, templates_per_language
from mailings.models import Newsletter


class NewsletterPagesSitemap(Sitemap):
    """The subscription page and the archive index, in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["newsletter:subscribe", "newsletter:archive"]

    def location(self, item: str) -> str:
        return reverse(item)


class NewsletterArchiveSitemap(RowSitemap):
    """Sent newsletters (public in the archive); each page exists in both languages."""

    changefreq = "yearly"
    topics = ("newsletters",)
    columns = ("pk", "sent_at")
    lastmod_field = "sent_at"

    def public(self):
        return Newsletter.objects.filter(status=Newsletter.Status.SENT, sent_at__isnull=False)

    def path_templates(self):
        return templates_per_language(detail=("newsletter:archive_detail", False))

    def paths(self, row, templates):
        return {code: by_name["detail"].path(row[0]) for code, by_name in templates.items()}


SITEMAPS = {
    "newsletter-pages": NewsletterPagesSitemap,
    "newsletter-archive": NewsletterArchiveSitemap,
}
