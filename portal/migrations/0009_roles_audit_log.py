"""Re-apply the roles: the histories are one audit log (audit.view_auditevent for Curators
and Personal data handlers instead of the old logs' view permissions).

The same step as 0002_roles, once the audit log exists and the old logs are gone.
"""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_municipality_moved_to_core"),
        ("audit", "0002_histories_copy"),
        ("pledges", "0010_statuschange_delete"),
        ("privacy", "0002_logs_to_audit"),
    ]

    operations = [migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop)]
