"""Organisations point to the municipalities' new home (core); state only, same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0008_drop_search_vector_indexes"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="organisations",
                        to="core.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
