# Stored full-text search vectors of the integration measures, per language; PostgreSQL
# only. The site-wide search reads copies of them (search.SearchEntry), so the table keeps
# no GIN index of its own (as events 0004 and the others after search 0001).

from django.db import migrations

from core.search_vectors import AddSearchVectors, DropSearchVectorIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0008_measures"),
        ("search", "0001_initial"),
    ]

    operations = [
        AddSearchVectors(model_name="measure", title="title", text="summary"),
        DropSearchVectorIndexes(model_name="measure"),
    ]
