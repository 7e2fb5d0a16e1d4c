"""Re-apply the roles: Communications builds the barometer's surveys, reads the responses and
moderates the open answers (portal.roles). The same step as portal/0002_roles, once the
barometer's permissions can exist; after every earlier re-application, so it is the last."""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0001_initial"),
        ("portal", "0009_roles_audit_log"),
        ("core", "0002_municipality_content_type"),
        ("news", "0002_move_content_type"),
    ]

    operations = [migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop)]
