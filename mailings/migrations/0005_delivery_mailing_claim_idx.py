# Written by hand: the (mailing, status) index gains the id, so claiming a batch reads
# only the rows it takes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0004_mailing_batch_claimed_at"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="delivery",
            name="delivery_mailing_status_idx",
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                fields=["mailing", "status", "id"], name="delivery_mailing_claim_idx"
            ),
        ),
    ]
