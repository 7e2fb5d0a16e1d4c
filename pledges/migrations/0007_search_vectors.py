# Stored, GIN-indexed full-text search vectors per language (issue 10); PostgreSQL only.

from django.db import migrations

from core.search_vectors import AddSearchVectors


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0006_public_list_indexes"),
    ]

    operations = [
        AddSearchVectors(model_name="pledge", title="title", text="text"),
        AddSearchVectors(model_name="initiative", title="title", text="text"),
    ]
