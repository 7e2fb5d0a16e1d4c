# The site-wide search reads its own index (search.SearchEntry, GIN-indexed copies of these
# vectors): the content tables' GIN indexes only cost writes now. PostgreSQL only.

from django.db import migrations

from core.search_vectors import DropSearchVectorIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0007_search_vectors"),
        ("search", "0001_initial"),
    ]

    operations = [
        DropSearchVectorIndexes(model_name="pledge"),
        DropSearchVectorIndexes(model_name="initiative"),
    ]
