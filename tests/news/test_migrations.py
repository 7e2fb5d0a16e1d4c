"""News left the programmes app: its rows, the staff's rights and the admin history stay."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from news.models import NewsItem
from portal.roles import COMMUNICATIONS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("news_type_exists", [False, True], ids=["moved", "merged"])
def test_an_existing_database_keeps_its_news_rights_and_history(news_type_exists):
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()
    old_apps = executor.migrate([("news", None)]).apps
    ContentType.objects.clear_cache()
    old_type = ContentType.objects.get(app_label="programmes", model="newsitem")
    contact = old_apps.get_model("programmes", "ContactPerson").objects.create(name="Maija")
    item = old_apps.get_model("programmes", "NewsItem").objects.create(
        title="Uutinen", title_fi="Uutinen", published_fi=timezone.now()
    )
    item.contacts.add(contact)
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(content_type=old_type, codename="delete_newsitem")
    )
    LogEntry.objects.create(
        user=User.objects.create_user("editor"),
        content_type=old_type,
        object_id=str(item.pk),
        object_repr="Uutinen",
        action_flag=ADDITION,
    )
    if news_type_exists:
        # What post_migrate (or a roles migration) may create before the move runs.
        new_type = ContentType.objects.create(app_label="news", model="newsitem")
        Permission.objects.create(
            content_type=new_type, codename="delete_newsitem", name="Can delete news item"
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    ContentType.objects.clear_cache()

    news_type = ContentType.objects.get(model="newsitem")
    assert news_type.app_label == "news"
    assert news_type == ContentType.objects.get_for_model(NewsItem)
    assert [c.name for c in NewsItem.objects.get(pk=item.pk).contacts.all()] == ["Maija"]
    assert {(p.content_type.app_label, p.codename) for p in editors.permissions.all()} == {
        ("news", "delete_newsitem")
    }
    assert LogEntry.objects.get().content_type == news_type
    communications = Group.objects.get(name=COMMUNICATIONS).permissions.filter(
        content_type=news_type
    )
    assert set(communications.values_list("codename", flat=True)) == {
        "add_newsitem",
        "change_newsitem",
        "view_newsitem",
        "delete_newsitem",
    }


@pytest.mark.django_db
def test_the_tables_keep_their_names():
    tables = connection.introspection.table_names()
    assert NewsItem._meta.db_table == "programmes_newsitem"
    assert {"programmes_newsitem_themes", "programmes_newsitem_contacts"} <= set(tables)
    assert NewsItem.themes.through._meta.db_table == "programmes_newsitem_themes"
