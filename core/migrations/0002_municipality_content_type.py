"""Move the municipality's content type from portal to core, so its permissions (and the
roles holding them) and admin log entries follow the model; then re-apply the roles, which
now name core.view_municipality."""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


def content_type_move(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    using = schema_editor.connection.alias
    old = content_type.objects.using(using).filter(app_label="portal", model="municipality")
    new = content_type.objects.using(using).filter(app_label="core", model="municipality")
    if old.exists() and new.exists():
        # Created for core by an earlier run of post_migrate: the old one keeps the history.
        new.delete()
    old.update(app_label="core")


def content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.using(schema_editor.connection.alias).filter(
        app_label="core", model="municipality"
    ).update(app_label="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("portal", "0008_municipality_moved_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(content_type_move, content_type_back),
        migrations.RunPython(roles_0002.roles_create, migrations.RunPython.noop),
    ]
