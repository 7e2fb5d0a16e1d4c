"""`manage.py seed_demo`: fill the database with bilingual demo content.

Each app that has demo content keeps it in `<app>/demo.py`, which exposes `seed() -> None`
(idempotent, keyed on natural keys; a row that exists keeps its values: core.seeding).
This command only runs them in order, in one transaction, and reports how many rows each
app then holds.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

# In dependency order: later modules may refer to rows that earlier ones create.
DEMO_MODULES = [
    "themes.demo",
    "programmes.demo",
    "pledges.demo",
    # The 2015 campaign where the programme began, with its entries and awards.
    "pledges.demo_history",
    # Indicators and progress reports of a few demo pledges (one report overdue).
    "pledges.demo_progress",
    "assessments.demo",
    "events.demo",
    "news.demo",
    # The government's integration measures by term (links a news item of news.demo).
    "programmes.demo_measures",
    "mailings.demo",
    # Two barometer rounds; the 2022 one links the report, the news item and the event.
    "barometer.demo",
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
    help = "Create the missing demo content in Finnish and Swedish; never overwrites edits."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (demo and test stacks only).",
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_production:
            # The demo has fictional contact persons: never publish them on the live site
            # by accident.
            raise CommandError(
                "DEBUG is off: this looks like production. Pass --allow-production to seed "
                "demo content anyway."
            )
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                import_module(module_name).seed()
                self.stdout.write(app_summary(module_name))
