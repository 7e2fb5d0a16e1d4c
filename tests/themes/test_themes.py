import pytest
from django.utils import translation

from themes.models import Theme

pytestmark = pytest.mark.django_db

OFFICIAL_NAMES = {
    1: ("Tehokas kotoutuminen ja työllistyminen", "Effektiv integration och sysselsättning"),
    2: ("Lasten, nuorten ja perheiden kotoutuminen", "Integration av barn, ungdomar och familjer"),
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


def test_migration_creates_the_five_themes_with_official_names():
    themes = {t.number: (t.name_fi, t.name_sv) for t in Theme.objects.all()}
    assert themes == OFFICIAL_NAMES


def test_every_theme_has_a_slug_and_summary_in_both_languages():
    for theme in Theme.objects.all():
        assert theme.slug_fi and theme.slug_sv and theme.slug_fi != theme.slug_sv
        assert theme.summary_fi and theme.summary_sv


@pytest.mark.parametrize(("lang", "list_path"), [("fi", "/fi/teemat/"), ("sv", "/sv/teman/")])
def test_theme_list_shows_all_five_in_the_page_language(
    client, django_assert_max_num_queries, lang, list_path
):
    with django_assert_max_num_queries(3):
        html = client.get(list_path).content.decode()
    index = 0 if lang == "fi" else 1
    for number, names in OFFICIAL_NAMES.items():
        assert names[index] in html
        with translation.override(lang):
            assert Theme.objects.get(number=number).get_absolute_url() in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_theme_detail_shows_the_theme(client, lang):
    theme = Theme.objects.get(number=2)
    theme.description_fi = "Perheet mukaan toimintaan."
    theme.description_sv = "Familjerna med i verksamheten."
    theme.save()
    with translation.override(lang):
        html = client.get(theme.get_absolute_url()).content.decode()
    assert getattr(theme, f"name_{lang}") in html
    assert getattr(theme, f"description_{lang}") in html
    assert "Teema 2/5" in html if lang == "fi" else "Tema 2 av 5" in html


def test_text_only_in_finnish_is_marked_on_the_swedish_page(client):
    theme = Theme.objects.get(number=4)
    theme.description_fi = "Yrittäjyysneuvontaa monella kielellä."
    theme.description_sv = ""
    theme.save()
    with translation.override("sv"):
        html = client.get(theme.get_absolute_url()).content.decode()
    assert '<p class="language-note">Endast på finska</p>' in html
    assert '<div class="prose" lang="fi"><p>Yrittäjyysneuvontaa monella kielellä.</p></div>' in html
