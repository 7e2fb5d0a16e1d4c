"""The roles again, now that the measures exist: Communications keeps them, Translators
translate them (portal.roles)."""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0009_measure_search_vectors"),
    ]

    operations = [
        migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop),
    ]
