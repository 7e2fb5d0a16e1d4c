"""The municipalities now belong to core (core/0001); state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_roles_resend_delivery"),
        ("pledges", "0009_organisation_municipality_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Municipality")],
            database_operations=[],
        ),
    ]
