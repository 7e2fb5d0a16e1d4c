"""Re-apply the roles: Communications sees the outbox and may send failed mails again
(mailings.view_delivery, mailings.resend_delivery).

The same step as 0002_roles, once the new permission exists in the migration state.
"""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_municipality_data"),
        ("mailings", "0003_delivery_resend"),
    ]

    operations = [migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop)]
