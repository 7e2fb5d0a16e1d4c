import django.contrib.postgres.search
from django.db import migrations, models


def create_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in ("fi", "sv"):
        schema_editor.execute(
            f"CREATE INDEX search_entry_vector_{language}_gin ON search_searchentry"
            f" USING gin (vector_{language})"
        )


def drop_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in ("fi", "sv"):
        schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_vector_{language}_gin")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("date_fi", models.DateTimeField(null=True)),
                ("date_sv", models.DateTimeField(null=True)),
                ("shown_from_fi", models.DateTimeField(null=True)),
                ("shown_from_sv", models.DateTimeField(null=True)),
                ("vector_fi", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("vector_sv", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique")
                ],
                "indexes": [
                    models.Index(
                        condition=models.Q(("date_fi__isnull", False)),
                        fields=["-date_fi", "-kind", "-object_id"],
                        name="search_entry_newest_fi",
                    ),
                    models.Index(
                        condition=models.Q(("date_sv__isnull", False)),
                        fields=["-date_sv", "-kind", "-object_id"],
                        name="search_entry_newest_sv",
                    ),
                ],
            },
        ),
        # GIN indexes of the vectors: PostgreSQL only (the table exists on SQLite too, unused).
        migrations.RunPython(create_gin_indexes, drop_gin_indexes, elidable=False),
    ]
