# Indexes that serve the public lists and counts (issue 10).

from django.db import migrations, models

# Django creates the M2M through tables without a Meta of ours: their (theme, entry) indexes
# let a theme's list and count read the index alone (the unique (entry, theme) one serves
# the other direction).
THROUGH_INDEXES = [
    ("pledges_pledge_themes", "pledge_themes_theme_idx", "pledge_id"),
    ("pledges_initiative_themes", "initiative_themes_theme_idx", "initiative_id"),
]

# The lists sorted by title (pledges.browse_views._title_in_language): the title in the page
# language, else the other one, lower-cased and in that language's ICU collation. The
# expression must be the query's exactly. PostgreSQL only: SQLite has no ICU collations, and
# Django's Index cannot express a collation for SQLite, so these are not in Meta.indexes.
TITLE_ORDER = {"fi": ("title_fi", "title_sv"), "sv": ("title_sv", "title_fi")}
TITLE_INDEXES = [
    (
        f"{model}_public_title_{language}_idx",
        f'CREATE INDEX "{model}_public_title_{language}_idx" ON "pledges_{model}" '
        f"((LOWER(COALESCE(NULLIF({first}, ''), NULLIF({second}, ''), '')) "
        f"COLLATE \"{language}-x-icu\"), id) WHERE status = 'published'",
    )
    for model in ("pledge", "initiative")
    for language, (first, second) in TITLE_ORDER.items()
]


def create_title_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for _name, sql in TITLE_INDEXES:
            schema_editor.execute(sql)


def drop_title_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, _sql in TITLE_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def _public_indexes(model_name: str) -> list:
    published = models.Q(("status", "published"))
    return [
        migrations.AddIndex(
            model_name=model_name,
            index=models.Index(
                condition=published,
                fields=["-published_at", "-id", "submission", "organisation"],
                name=f"{model_name}_public_recent_idx",
            ),
        ),
        migrations.AddIndex(
            model_name=model_name,
            index=models.Index(
                condition=published,
                fields=["campaign", "-published_at", "-id"],
                name=f"{model_name}_public_campaign_idx",
            ),
        ),
        migrations.AddIndex(
            model_name=model_name,
            index=models.Index(
                condition=models.Q(("selected", True), ("status", "published")),
                fields=["-published_at", "-id"],
                name=f"{model_name}_public_selected_idx",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0005_organisation_municipality"),
    ]

    operations = [
        *_public_indexes("pledge"),
        *_public_indexes("initiative"),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("consent_to_publish", True)),
                fields=["id"],
                name="submission_consent_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["type", "id"], name="organisation_type_idx"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["region", "id"], name="organisation_region_idx"),
        ),
        *[
            migrations.RunSQL(
                sql=f'CREATE INDEX "{name}" ON "{table}" ("theme_id", "{column}")',
                reverse_sql=f'DROP INDEX "{name}"',
            )
            for table, name, column in THROUGH_INDEXES
        ],
        migrations.RunPython(create_title_indexes, drop_title_indexes),
    ]
