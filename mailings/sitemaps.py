from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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


class NewsletterArchiveSitemap(Sitemap):
    """Sent newsletters (public in the archive); each page exists in both languages."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "yearly"

    def items(self):
        return Newsletter.objects.filter(
            status=Newsletter.Status.SENT, sent_at__isnull=False
        ).order_by("-sent_at")

    def lastmod(self, newsletter: Newsletter):
        return newsletter.sent_at


SITEMAPS = {
    "newsletter-pages": NewsletterPagesSitemap,
    "newsletter-archive": NewsletterArchiveSitemap,
}
