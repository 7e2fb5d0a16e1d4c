"""Organisation.municipality: free text becomes a reference to the official list.

Existing text is matched to a municipality by its Finnish or Swedish name, ignoring case and
extra spaces ("ESBO" → Espoo, "Åbo" → Turku); words meaning "nationwide" set the new flag.
What matches nothing is left empty and listed on the console, for staff to fix by hand.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

NATIONWIDE_WORDS = {
    "valtakunnallinen",
    "koko suomi",
    "koko maa",
    "riksomfattande",
    "hela finland",
    "hela landet",
    "nationwide",
}


def municipality_match(apps, schema_editor):
    from core.municipalities import normalise

    alias = schema_editor.connection.alias
    municipality_model = apps.get_model("portal", "Municipality")
    organisation_model = apps.get_model("pledges", "Organisation")
    by_name = {}
    for municipality in municipality_model.objects.using(alias).all():
        by_name.setdefault(normalise(municipality.name_fi), municipality)
        by_name.setdefault(normalise(municipality.name_sv), municipality)
    unmatched = []
    organisations = organisation_model.objects.using(alias).exclude(municipality_text="")
    for organisation in organisations.order_by("pk"):
        text = normalise(organisation.municipality_text)
        if text in NATIONWIDE_WORDS:
            organisation.nationwide = True
        elif text in by_name:
            organisation.municipality = by_name[text]
        else:
            unmatched.append(
                f"#{organisation.pk} {organisation.name}: {organisation.municipality_text!r}"
            )
            continue
        organisation.save(update_fields=["municipality", "nationwide"])
    if unmatched:
        print(
            f"\n  {len(unmatched)} organisation(s) kept no municipality (no official name "
            "matched; set it in the admin):"
        )
        for line in unmatched:
            print(f"    {line}")


def municipality_unmatch(apps, schema_editor):
    alias = schema_editor.connection.alias
    organisation_model = apps.get_model("pledges", "Organisation")
    for organisation in organisation_model.objects.using(alias).select_related("municipality"):
        if organisation.municipality is not None:
            organisation.municipality_text = organisation.municipality.name_fi
        elif organisation.nationwide:
            organisation.municipality_text = "valtakunnallinen"
        else:
            continue
        organisation.save(update_fields=["municipality_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0004_submission_view_contact_details_permission"),
        ("portal", "0006_municipality_data"),
    ]

    operations = [
        migrations.RenameField(
            model_name="organisation", old_name="municipality", new_name="municipality_text"
        ),
        migrations.AddField(
            model_name="organisation",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="portal.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="nationwide",
            field=models.BooleanField(
                default=False,
                help_text="Works all over Finland rather than in one municipality.",
                verbose_name="nationwide",
            ),
        ),
        migrations.RunPython(municipality_match, municipality_unmatch),
        migrations.RemoveField(model_name="organisation", name="municipality_text"),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=Q(nationwide=False) | Q(municipality__isnull=True),
                name="organisation_nationwide_has_no_municipality",
                violation_error_message="Choose either a municipality or nationwide, not both.",
            ),
        ),
    ]
