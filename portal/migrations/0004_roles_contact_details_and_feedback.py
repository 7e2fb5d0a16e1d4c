"""Re-apply the roles: Curators and Personal data handlers may see contact details
(pledges.view_contact_details), Communications handles accessibility feedback.

The same step as 0002_roles, once the new permission exists in the migration state.
"""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_jury_role"),
        ("pledges", "0004_submission_view_contact_details_permission"),
    ]

    operations = [migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop)]
