"""`manage.py seed_demo`: fill the database with bilingual demo content.

Each app that has demo content keeps it in `<app>/demo.py`, which exposes `seed() -> None`
(idempotent, keyed on natural keys). This command only runs them in order, in one
transaction, and reports how many rows each app then holds.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

# In dependency order: later modules may refer to rows that earlier ones create.
DEMO_MODULES = [
    "themes.demo",
    "programmes.demo",
]


def app_summary(module_name: str) -> str:
    """One line: the module and how many rows each model of its app holds."""
    app_config = apps.get_containing_app_config(module_name)
    models = list(app_config.get_models()) if app_config else []
    counts = [(model, model._default_manager.count()) for model in models]
    # Model names in English (the msgids), whatever language the shell runs in.
    with translation.override(None):
        parts = [
            f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
            for model, count in counts
        ]
    return f"{module_name}: {', '.join(parts) or 'done'}"


class Command(BaseCommand):
    help = "Create or update the demo content in Finnish and Swedish. Safe to run again."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                import_module(module_name).seed()
                self.stdout.write(app_summary(module_name))
