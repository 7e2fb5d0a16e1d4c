# Stored, GIN-indexed full-text search vectors per language (issue 10); PostgreSQL only.

from django.db import migrations

from core.search_vectors import AddSearchVectors


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_public_list_indexes"),
    ]

    operations = [
        AddSearchVectors(model_name="event", title="title", text="description"),
    ]
