"""The Jury role, and the Curators' rights to the assessment (rubrics, the shortlist).

Runs the same step as 0002_roles (create the permissions, then set every role group from
portal.roles) once the assessments app's tables and permissions can exist.
"""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_roles"),
        ("assessments", "0001_initial"),
    ]

    operations = [migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop)]
