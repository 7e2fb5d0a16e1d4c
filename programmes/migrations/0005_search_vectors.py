# Stored, GIN-indexed full-text search vectors per language (issue 10); PostgreSQL only.

from django.db import migrations

from core.search_vectors import AddSearchVectors


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_public_list_indexes"),
    ]

    operations = [
        AddSearchVectors(model_name="newsitem", title="title", text="body"),
    ]
