"""The personal data log and the organisation merge log are the audit log now (audit/0002
copied their rows, keeping times and users): the old tables go. Privacy's list of personal
data requests is a proxy of the audit event, and the permission to handle personal data
moves to it with the groups and users who hold it."""

from django.db import migrations


def permission_move(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    old = permission.objects.using(using).filter(
        content_type__app_label="privacy",
        content_type__model="personaldatalog",
        codename="handle_personal_data",
    )
    if not old.exists():
        return  # a new database: post_migrate creates the permission on the proxy
    new_type, _created = content_type.objects.using(using).get_or_create(
        app_label="privacy", model="personaldatarequest"
    )
    # One created by an earlier post_migrate: the old one keeps who holds it.
    permission.objects.using(using).filter(
        content_type=new_type, codename="handle_personal_data"
    ).delete()
    old.update(content_type=new_type)


def permission_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    old_type, _created = content_type.objects.using(using).get_or_create(
        app_label="privacy", model="personaldatalog"
    )
    permission.objects.using(using).filter(
        content_type__app_label="privacy",
        content_type__model="personaldatarequest",
        codename="handle_personal_data",
    ).update(content_type=old_type)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_histories_copy"),
        ("privacy", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonalDataRequest",
            fields=[],
            options={
                "verbose_name": "personal data request",
                "verbose_name_plural": "personal data requests",
                "permissions": [("handle_personal_data", "Can export and erase personal data")],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("audit.auditevent",),
        ),
        migrations.RunPython(permission_move, permission_back),
        migrations.DeleteModel(
            name="OrganisationMergeLog",
        ),
        migrations.DeleteModel(
            name="PersonalDataLog",
        ),
    ]
