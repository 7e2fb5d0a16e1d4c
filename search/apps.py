from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import index

        # Each app's search.py registers its sources (search.registry).
        autodiscover_modules("search")
        index.connect()
        # After every migrate the index is brought in step with the content: the first
        # migrate fills it from existing content, and a migration that changed what is
        # indexed is followed by a refresh.
        post_migrate.connect(index.refresh_after_migrate, sender=self, dispatch_uid="search")
