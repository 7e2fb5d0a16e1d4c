"""The closed rounds in the site search (barometer.search): stored search vectors of a
round's title and introduction. And the roles again: Translators translate the barometer's
texts (portal.roles)."""

import importlib

from django.db import migrations

from core.search_vectors import AddSearchVectors

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0003_response_continue_email"),
    ]

    operations = [
        AddSearchVectors(model_name="survey", title="title", text="introduction"),
        migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop),
    ]
