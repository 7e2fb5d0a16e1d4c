"""Re-apply the staff role groups and their permissions from portal.roles (idempotent)."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.core.management.base import BaseCommand

from portal.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the staff role groups (Curators, Translators, Communications)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options) -> None:
        # Permissions of models added since the last migrate may not exist yet.
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0, using=database)
        for name, count in roles_sync(using=database).items():
            self.stdout.write(f"{name}: {count} permissions")
