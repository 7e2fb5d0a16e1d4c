"""The roles again, now that progress reports exist: Curators review them and keep the
indicators (portal.roles)."""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0011_progress_reports"),
    ]

    operations = [
        migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop),
    ]
