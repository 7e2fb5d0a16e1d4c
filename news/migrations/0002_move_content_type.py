"""NewsItem's content type follows the model into the news app, then the roles are re-applied.

The permissions (programmes.add_newsitem, ...) belong to the content type, so moving the row
keeps every group's and user's rights and the admin's history of news items. On a database
where the news content type already exists (a roles migration ran create_permissions for
the news app before this one), the grants and history of the old content type are handed
to the new one and the old one is deleted with its permissions.

Then the same step as portal/0002_roles: the roles name news.*_newsitem now, which a
fresh database gets only here.
"""

import importlib

from django.db import migrations

roles_0002 = importlib.import_module("portal.migrations.0002_roles")


def _content_type_move(apps, schema_editor, *, source: str, target: str) -> None:
    using = schema_editor.connection.alias
    content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(using)
    permissions = apps.get_model("auth", "Permission").objects.db_manager(using)
    log_entries = apps.get_model("admin", "LogEntry").objects.db_manager(using)

    old = content_types.filter(app_label=source, model="newsitem").first()
    if old is None:
        return
    new = content_types.filter(app_label=target, model="newsitem").first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
    else:
        for permission in permissions.filter(content_type=old):
            twin = permissions.filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
        log_entries.filter(content_type=old).update(content_type=new)
        old.delete()
    content_types.clear_cache()


def content_type_to_news(apps, schema_editor):
    _content_type_move(apps, schema_editor, source="programmes", target="news")
    roles_0002.roles_create(apps, schema_editor)


def content_type_to_programmes(apps, schema_editor):
    _content_type_move(apps, schema_editor, source="news", target="programmes")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("programmes", "0007_move_newsitem_to_news"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # After every earlier re-application of the roles, so that this one is the last.
        ("portal", "0007_roles_resend_delivery"),
    ]

    operations = [migrations.RunPython(content_type_to_news, content_type_to_programmes)]
