"""The municipalities move from portal (the shell) to core (the ground floor every app uses).

State only: the table stays as it is (db_table portal_municipality), with its rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0007_roles_resend_delivery"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        ("code", models.CharField(max_length=3, primary_key=True, serialize=False, verbose_name="code")),
                        ("name_fi", models.CharField(max_length=100, verbose_name="name in Finnish")),
                        ("name_sv", models.CharField(max_length=100, verbose_name="name in Swedish")),
                        ('region', models.CharField(choices=[('uusimaa', 'Uusimaa'), ('varsinais-suomi', 'Varsinais-Suomi'), ('satakunta', 'Satakunta'), ('kanta-hame', 'Kanta-Häme'), ('pirkanmaa', 'Pirkanmaa'), ('paijat-hame', 'Päijät-Häme'), ('kymenlaakso', 'Kymenlaakso'), ('etela-karjala', 'Etelä-Karjala'), ('etela-savo', 'Etelä-Savo'), ('pohjois-savo', 'Pohjois-Savo'), ('pohjois-karjala', 'Pohjois-Karjala'), ('keski-suomi', 'Keski-Suomi'), ('etela-pohjanmaa', 'Etelä-Pohjanmaa'), ('pohjanmaa', 'Pohjanmaa'), ('keski-pohjanmaa', 'Keski-Pohjanmaa'), ('pohjois-pohjanmaa', 'Pohjois-Pohjanmaa'), ('kainuu', 'Kainuu'), ('lappi', 'Lappi'), ('ahvenanmaa', 'Ahvenanmaa')], max_length=32, verbose_name='region')),
                    ],
                    options={
                        "verbose_name": "municipality",
                        "verbose_name_plural": "municipalities",
                        "ordering": ["name_fi"],
                        "db_table": "portal_municipality",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
