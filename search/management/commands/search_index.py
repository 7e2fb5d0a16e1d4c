from django.core.management.base import BaseCommand

from search.index import index_refresh


class Command(BaseCommand):
    help = (
        "Bring the site-wide search index in step with the content (PostgreSQL): after "
        "writes that send no signal, such as bulk loads or raw SQL."
    )

    def handle(self, *args, **options) -> None:
        counts = index_refresh()
        if not counts:
            self.stdout.write("No search index on this database (substring search instead).")
            return
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count:,} entries")
