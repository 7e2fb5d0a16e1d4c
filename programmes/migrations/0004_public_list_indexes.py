# Indexes that serve the public lists and counts (issue 10).
#
# None needed for news: the public list in a language (programmes.news_selectors) filters and
# orders by that edition's date, and each of published_fi and published_sv already has its
# own index (0003); tests/portal/test_query_plans.py checks that the list uses it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_newsitem"),
    ]

    operations = []
