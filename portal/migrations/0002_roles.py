"""The staff role groups (Curators, Translators, Communications) with their permissions.

Permissions are normally created after `migrate` (post_migrate), so this migration creates
them first for every app, then sets the groups from portal.roles.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def roles_create(apps, schema_editor):
    from portal.roles import roles_sync

    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    roles_sync(apps=apps, using=using)


def roles_remove(apps, schema_editor):
    from portal.roles import ROLES

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name__in=list(ROLES)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0001_accessibility_feedback"),
        ("pledges", "0002_review_permissions"),
        ("programmes", "0003_newsitem"),
        ("themes", "0002_the_five_themes"),
        ("events", "0001_initial"),
        ("mailings", "0002_mailing_subscriber_subscription_suppression_and_more"),
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(roles_create, roles_remove)]
