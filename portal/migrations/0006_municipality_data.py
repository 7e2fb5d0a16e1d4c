"""Load the official list of municipalities (core/data/municipalities.csv) and give the
Curators the permission to look them up (the organisation form's autocomplete)."""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


def municipalities_load(apps, schema_editor):
    from core.municipalities import read_data_file

    municipality_model = apps.get_model("portal", "Municipality")
    manager = municipality_model.objects.using(schema_editor.connection.alias)
    for row in read_data_file():
        manager.update_or_create(
            code=row.code,
            defaults={"name_fi": row.name_fi, "name_sv": row.name_sv, "region": row.region},
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_municipality")]

    operations = [
        # Reversing keeps the rows: the schema migration before this one drops the table.
        migrations.RunPython(municipalities_load, migrations.RunPython.noop),
        migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop),
    ]
