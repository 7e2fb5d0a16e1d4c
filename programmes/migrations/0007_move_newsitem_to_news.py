# News left the programmes app (issue #11): news/0001_initial took over NewsItem's table in
# the migration state, so the model leaves this app's state. The tables stay as they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_drop_search_vector_indexes"),
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NewsItem")],
            database_operations=[],
        ),
    ]
