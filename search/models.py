from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One public object in the site-wide search (PostgreSQL only; derived data).

    A narrow copy of what a search reads: the object's stored search vectors and, per page
    language, its date and the time from which it is shown. One table for every kind of
    content, as Wagtail's database search backend keeps one: a search is one GIN-indexed
    query over rows that are all public, with no join to the content tables, no status or
    consent to check and several rows per page read (the content rows, with their texts,
    take a page each). `search.index` keeps it in step with the sources.
    """

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    date_fi = models.DateTimeField(null=True)
    date_sv = models.DateTimeField(null=True)
    shown_from_fi = models.DateTimeField(null=True)
    shown_from_sv = models.DateTimeField(null=True)
    vector_fi = SearchVectorField(null=True)
    vector_sv = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        # The newest first, for words so common that walking the newest entries finds a
        # page of matches sooner than the GIN index (created by migration 0001, on
        # PostgreSQL only) would list them all.
        indexes = [
            models.Index(
                fields=["-date_fi", "-kind", "-object_id"],
                name="search_entry_newest_fi",
                condition=Q(date_fi__isnull=False),
            ),
            models.Index(
                fields=["-date_sv", "-kind", "-object_id"],
                name="search_entry_newest_sv",
                condition=Q(date_sv__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
