# News left the programmes app (issue #11): the model moves, its tables stay. The table and
# its many-to-many tables keep their names (programmes_newsitem, programmes_newsitem_contacts,
# programmes_newsitem_themes; db_table), so this migration changes only the migration state:
# news.NewsItem takes over the table that programmes/0003 created, and
# programmes/0007_move_newsitem_to_news then drops programmes.NewsItem from the state.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("programmes", "0006_drop_search_vector_indexes"),
        ("themes", "0002_the_five_themes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NewsItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("news", "news"), ("press_release", "press release")],
                                default="news",
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("title", models.CharField(max_length=250, verbose_name="title")),
                        ("title_fi", models.CharField(max_length=250, null=True, verbose_name="title")),
                        ("title_sv", models.CharField(max_length=250, null=True, verbose_name="title")),
                        ("slug", models.SlugField(blank=True, max_length=120, verbose_name="slug")),
                        (
                            "slug_fi",
                            models.SlugField(blank=True, max_length=120, null=True, verbose_name="slug"),
                        ),
                        (
                            "slug_sv",
                            models.SlugField(blank=True, max_length=120, null=True, verbose_name="slug"),
                        ),
                        ("lead", models.TextField(blank=True, max_length=1000, verbose_name="lead")),
                        (
                            "lead_fi",
                            models.TextField(blank=True, max_length=1000, null=True, verbose_name="lead"),
                        ),
                        (
                            "lead_sv",
                            models.TextField(blank=True, max_length=1000, null=True, verbose_name="lead"),
                        ),
                        ("body", models.TextField(blank=True, verbose_name="body")),
                        ("body_fi", models.TextField(blank=True, null=True, verbose_name="body")),
                        ("body_sv", models.TextField(blank=True, null=True, verbose_name="body")),
                        (
                            "published_fi",
                            models.DateTimeField(
                                blank=True,
                                db_index=True,
                                help_text="Empty: the Finnish edition is not public.",
                                null=True,
                                verbose_name="published in Finnish",
                            ),
                        ),
                        (
                            "published_sv",
                            models.DateTimeField(
                                blank=True,
                                db_index=True,
                                help_text="Empty: the Swedish edition is not public.",
                                null=True,
                                verbose_name="published in Swedish",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "contacts",
                            models.ManyToManyField(
                                blank=True,
                                related_name="news_items",
                                to="programmes.contactperson",
                                verbose_name="contact persons",
                            ),
                        ),
                        (
                            "themes",
                            models.ManyToManyField(
                                blank=True,
                                related_name="news_items",
                                to="themes.theme",
                                verbose_name="themes",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "news item",
                        "verbose_name_plural": "news items",
                        "ordering": ["-published_fi", "-pk"],
                        "db_table": "programmes_newsitem",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
