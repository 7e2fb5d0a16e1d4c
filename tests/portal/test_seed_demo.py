"""`manage.py seed_demo`: idempotent, complete in both languages, visible on the site."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from modeltranslation.translator import translator

from portal.management.commands.seed_demo import DEMO_MODULES
from programmes.models import (
    AnnualTheme,
    ContactPerson,
    Goal,
    Programme,
    Publication,
    RelatedProgramme,
)
from themes.demo import ThemesMissing
from themes.models import Theme

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv")
OFFICIAL_THEME_NAMES = {
    1: ("Tehokas kotoutuminen ja työllistyminen", "Effektiv integration och sysselsättning"),
    2: (
        "Lasten, nuorten ja perheiden kotoutuminen",
        "Integration av barn, ungdomar och familjer",
    ),
    3: ("Kansainvälinen suojelu ja kunnat", "Internationellt skydd och kommuner"),
    4: (
        "Maahanmuuttajat, elinkeinotoiminta ja innovaatiot",
        "Invandrare, näringsverksamhet och innovationer",
    ),
    5: (
        "Avoin keskustelukulttuuri, rasismia ei sallita",
        "Öppen diskussionskultur, rasism tillåts inte",
    ),
}
SEEDED_MODELS = [Theme, Programme, RelatedProgramme, Goal, AnnualTheme, Publication, ContactPerson]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def raw_rows(model) -> list[tuple]:
    """Every column of every row, read past modeltranslation's language rewriting."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # the name comes from _meta
        return cursor.fetchall()


def seeded_tables() -> dict[str, list[tuple]]:
    through = Programme.supports.through
    return {model._meta.label: raw_rows(model) for model in [*SEEDED_MODELS, through]}


def test_prints_one_line_per_demo_module():
    lines = seed().splitlines()

    assert [line.split(":")[0] for line in lines] == DEMO_MODULES
    assert lines[0].startswith("themes.demo: 5 themes")
    assert "5 goals" in lines[1]


def test_seeding_twice_leaves_the_same_rows():
    seed()
    counts_once, rows_once = row_counts(), seeded_tables()

    seed()

    assert row_counts() == counts_once
    assert seeded_tables() == rows_once
    assert counts_once["programmes.Programme"] == 1
    assert counts_once["programmes.RelatedProgramme"] == 1
    assert counts_once["programmes.Goal"] == 5
    assert counts_once["programmes.AnnualTheme"] == 3
    # Three from programmes.demo, the barometer 2022 report from barometer.demo.
    assert counts_once["programmes.Publication"] == 4
    assert counts_once["programmes.ContactPerson"] in (2, 3)
    assert counts_once["themes.Theme"] == 5
    assert counts_once[Programme.supports.through._meta.label] == 1


@pytest.mark.parametrize(
    "model", [Programme, RelatedProgramme, Goal, AnnualTheme, Publication, ContactPerson]
)
def test_every_translated_field_is_filled_in_both_languages(model):
    seed()
    fields = translator.get_options_for_model(model).fields
    assert fields

    objects = list(model.objects.all())
    assert objects
    for obj in objects:
        for field in fields:
            for lang in LANGUAGES:
                value = getattr(obj, f"{field}_{lang}")
                assert value and value.strip(), f"{model.__name__} {obj.pk}: {field}_{lang} empty"


def test_programme_data_follows_the_ministry():
    seed()

    programme = Programme.objects.get()
    assert programme.name_fi == "Kotouttamisen kumppanuusohjelma"
    assert programme.name_sv == "Partnerskapsprogrammet för integrationsfrämjande"
    assert programme.coordinator_fi == "Työ- ja elinkeinoministeriö"
    assert programme.coordinator_sv == "Arbets- och näringsministeriet"
    assert programme.url_fi.startswith("https://julkaisut.valtioneuvosto.fi/")
    assert [p.name_fi for p in programme.supports.all()] == ["Valtion kotouttamisohjelma"]
    assert programme.supports.get().name_sv == "Statens program för integrationsfrämjande"
    assert programme.annual_themes.get(year=2019).title_fi == "Tasa-arvo"
    assert programme.annual_themes.get(year=2019).title_sv == "Jämställdhet"
    assert set(programme.annual_themes.values_list("year", flat=True)) >= {2019, 2025, 2026}

    programme_publication = programme.publications.get(year=2016, in_swedish=False)
    assert programme_publication.languages == ["fi"]
    assert programme_publication.title_sv
    government = programme.publications.get(title_fi__startswith="Valtion kotouttamisohjelma")
    assert government.languages == ["fi", "sv"]

    for person in ContactPerson.objects.all():
        assert person.programme == programme
        assert person.email.endswith("@example.fi")
        assert person.phone.startswith("+358 29 5")


def test_themes_keep_their_official_texts_and_get_descriptions():
    official = {
        theme.number: (
            theme.name_fi,
            theme.name_sv,
            theme.slug_fi,
            theme.slug_sv,
            theme.summary_fi,
            theme.summary_sv,
        )
        for theme in Theme.objects.all()
    }

    seed()

    themes = list(Theme.objects.order_by("number"))
    assert [theme.number for theme in themes] == [1, 2, 3, 4, 5]
    for theme in themes:
        assert (theme.name_fi, theme.name_sv) == OFFICIAL_THEME_NAMES[theme.number]
        assert (
            theme.name_fi,
            theme.name_sv,
            theme.slug_fi,
            theme.slug_sv,
            theme.summary_fi,
            theme.summary_sv,
        ) == official[theme.number]
        for lang in LANGUAGES:
            paragraphs = getattr(theme, f"description_{lang}").split("\n\n")
            assert 2 <= len(paragraphs) <= 3, f"theme {theme.number} {lang}"
            assert all(paragraph.strip() for paragraph in paragraphs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_page_shows_the_seeded_goals_and_this_years_umbrella_theme(client, lang):
    seed()
    other = "sv" if lang == "fi" else "fi"
    annual_theme = (
        AnnualTheme.objects.filter(year__lte=timezone.localdate().year).order_by("-year").first()
    )
    assert annual_theme is not None

    with translation.override(lang):
        url = reverse("programmes:programme")
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    for goal in Goal.objects.order_by("position"):
        assert escape(getattr(goal, f"text_{lang}")) in html
        assert escape(getattr(goal, f"text_{other}")) not in html
    assert escape(getattr(annual_theme, f"title_{lang}")) in html
    assert escape(getattr(annual_theme, f"description_{lang}")) in html
    assert escape(getattr(annual_theme, f"description_{other}")) not in html


def test_a_missing_theme_stops_the_seed_without_creating_a_nameless_one():
    Theme.objects.filter(number=5).delete()
    before = raw_rows(Theme)

    with pytest.raises(ThemesMissing):
        seed()

    assert raw_rows(Theme) == before
    assert not Programme.objects.exists()


def test_refuses_to_seed_production_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Programme.objects.exists()


def test_seeds_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Programme.objects.count() == 1


def test_reseeding_keeps_what_staff_edited_and_restores_what_was_deleted():
    from news.models import NewsItem

    seed()
    theme = Theme.objects.get(number=2)
    theme.description_sv = "Vår egen beskrivning."
    theme.save()
    news = NewsItem.objects.order_by("pk").first()
    news.title_fi = "Muokattu otsikko"
    news.save()
    news.themes.clear()
    goal = Goal.objects.order_by("position").first()
    goal_position = goal.position
    goal.delete()

    seed()

    theme.refresh_from_db()
    news.refresh_from_db()
    assert theme.description_sv == "Vår egen beskrivning."
    assert news.title_fi == "Muokattu otsikko"
    assert not news.themes.exists()
    assert Goal.objects.filter(position=goal_position).exists()


def test_reseeding_fills_a_field_left_empty():
    seed()
    theme = Theme.objects.get(number=3)
    seeded = theme.description_fi
    Theme.objects.filter(pk=theme.pk).update(description_fi="", description="")

    seed()

    theme.refresh_from_db()
    assert theme.description_fi == seeded
