"""The status history of pledges and initiatives is the audit log now (audit/0002 copied
every StatusChange into it, keeping times and users): the old table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0009_organisation_municipality_in_core"),
        ("audit", "0002_histories_copy"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="statuschange",
            name="status_change_one_entry",
        ),
        migrations.DeleteModel(
            name="StatusChange",
        ),
    ]
