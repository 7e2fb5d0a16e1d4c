"""The official list of municipalities: the data, the sort order, the forms, pages and exports.

Municipalities used to be free text, so the Swedish pages said "Turku" and the Finnish ones
"Vasa". Now an organisation names one municipality from Statistics Finland's list (or
"nationwide"), and every page shows it in its own language.
"""

import csv
import importlib
import io
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from core.models import Municipality
from core.municipalities import (
    NATIONWIDE,
    collation_key,
    municipalities_sync,
    municipality_choices,
    read_data_file,
)
from core.regions import REGION_CODES
from pledges.forms import ParticipateForm
from pledges.models import Organisation
from tests.pledges.factories import (
    CampaignFactory,
    InitiativeFactory,
    OrganisationFactory,
    PledgeFactory,
    SubmissionFactory,
    municipality,
)
from themes.models import Theme

# Official code, Finnish name, Swedish name, region.
KNOWN = [
    ("091", "Helsinki", "Helsingfors", "uusimaa"),
    ("049", "Espoo", "Esbo", "uusimaa"),
    ("092", "Vantaa", "Vanda", "uusimaa"),
    ("853", "Turku", "Åbo", "varsinais-suomi"),
    ("837", "Tampere", "Tammerfors", "pirkanmaa"),
    ("564", "Oulu", "Uleåborg", "pohjois-pohjanmaa"),
    ("905", "Vaasa", "Vasa", "pohjanmaa"),
    ("478", "Maarianhamina", "Mariehamn", "ahvenanmaa"),
    ("638", "Porvoo", "Borgå", "uusimaa"),
    ("272", "Kokkola", "Karleby", "keski-pohjanmaa"),
    ("598", "Pietarsaari", "Jakobstad", "pohjanmaa"),
    ("710", "Raasepori", "Raseborg", "uusimaa"),
    ("109", "Hämeenlinna", "Tavastehus", "kanta-hame"),
    ("405", "Lappeenranta", "Villmanstrand", "etela-karjala"),
    ("491", "Mikkeli", "S:t Michel", "etela-savo"),
    ("202", "Kaarina", "S:t Karins", "varsinais-suomi"),
    ("499", "Mustasaari", "Korsholm", "pohjanmaa"),
    ("599", "Pedersöre", "Pedersöre", "pohjanmaa"),
    ("322", "Kemiönsaari", "Kimitoön", "varsinais-suomi"),
    ("851", "Tornio", "Torneå", "lappi"),
    ("179", "Jyväskylä", "Jyväskylä", "keski-suomi"),
    ("698", "Rovaniemi", "Rovaniemi", "lappi"),
    ("297", "Kuopio", "Kuopio", "pohjois-savo"),
    ("743", "Seinäjoki", "Seinäjoki", "etela-pohjanmaa"),
    # Regions that changed in 2021: Iitti, Joroinen, Heinävesi, Kuhmoinen.
    ("142", "Iitti", "Iitti", "paijat-hame"),
    ("171", "Joroinen", "Jorois", "pohjois-savo"),
    ("090", "Heinävesi", "Heinävesi", "pohjois-karjala"),
    ("291", "Kuhmoinen", "Kuhmoinen", "pirkanmaa"),
    ("507", "Mäntyharju", "Mäntyharju", "etela-savo"),
]

# How many municipalities each region has (2026: Pertunmaa joined Mäntyharju).
PER_REGION = {
    "uusimaa": 26,
    "varsinais-suomi": 27,
    "satakunta": 16,
    "kanta-hame": 11,
    "pirkanmaa": 23,
    "paijat-hame": 10,
    "kymenlaakso": 6,
    "etela-karjala": 9,
    "etela-savo": 11,
    "pohjois-savo": 19,
    "pohjois-karjala": 13,
    "keski-suomi": 22,
    "etela-pohjanmaa": 18,
    "pohjanmaa": 14,
    "keski-pohjanmaa": 8,
    "pohjois-pohjanmaa": 30,
    "kainuu": 8,
    "lappi": 21,
    "ahvenanmaa": 16,
}


# ---------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------


def test_data_file_has_every_municipality_once_in_a_known_region():
    rows = read_data_file()
    assert len(rows) == 308
    codes = [row.code for row in rows]
    assert len(set(codes)) == 308
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert len({row.name_fi for row in rows}) == 308
    assert all(row.name_fi.strip() and row.name_sv.strip() for row in rows)
    assert {row.region for row in rows} == REGION_CODES  # every region used, none unknown
    assert Counter(row.region for row in rows) == PER_REGION
    assert "Pertunmaa" not in {row.name_fi for row in rows}


@pytest.mark.parametrize(("code", "name_fi", "name_sv", "region"), KNOWN)
def test_known_municipalities(code, name_fi, name_sv, region):
    row = next(row for row in read_data_file() if row.code == code)
    assert (row.name_fi, row.name_sv, row.region) == (name_fi, name_sv, region)


@pytest.mark.django_db
def test_the_migration_loads_the_list():
    assert Municipality.objects.count() == 308
    turku = Municipality.objects.get(code="853")
    assert (turku.name_fi, turku.name_sv, turku.region) == ("Turku", "Åbo", "varsinais-suomi")
    with translation.override("sv"):
        assert str(turku) == "Åbo"
    with translation.override("fi"):
        assert str(turku) == "Turku"


# ---------------------------------------------------------------------------------------
# Sorting
# ---------------------------------------------------------------------------------------


def test_collation_puts_a_ring_a_umlaut_o_umlaut_after_z():
    names = ["Övertorneå", "Äänekoski", "Åbo", "Vörå", "Zürich", "Aura", "Koskis", "Koski Tl"]
    assert sorted(names, key=collation_key) == [
        "Aura",
        "Koski Tl",
        "Koskis",
        "Vörå",
        "Zürich",
        "Åbo",
        "Äänekoski",
        "Övertorneå",
    ]
    # What a plain sort does (Ä before Å), and what the key avoids.
    assert sorted(["Åbo", "Äänekoski"]) == ["Äänekoski", "Åbo"]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_choices_are_in_the_page_language_in_alphabetical_order(lang):
    with translation.override(lang):
        choices = [(value, str(label)) for value, label in municipality_choices()]
    assert choices[0][0] == NATIONWIDE
    names = [name for _code, name in choices[1:]]
    assert len(names) == 308
    assert names == sorted(names, key=collation_key)
    if lang == "sv":
        assert "Åbo" in names and "Turku" not in names
        assert names.index("Vörå") < names.index("Åbo") < names.index("Äänekoski")
        assert names[-1] == "Övertorneå"
        assert choices[0][1] == "Riksomfattande (hela Finland)"
    else:
        assert "Turku" in names and "Åbo" not in names
        assert names.index("Ylöjärvi") < names.index("Äänekoski")
        assert names[-1] == "Äänekoski"
        assert choices[0][1] == "Valtakunnallinen (koko Suomi)"


# ---------------------------------------------------------------------------------------
# The participation form
# ---------------------------------------------------------------------------------------


def _participate_url(lang: str) -> str:
    with translation.override(lang):
        return reverse("participate:form")


@pytest.fixture
def open_campaign(db):
    cache.clear()  # the form's rate limit
    yield CampaignFactory()
    cache.clear()


@pytest.mark.parametrize(("lang", "turku"), [("fi", "Turku"), ("sv", "Åbo")])
def test_form_offers_the_list_in_the_page_language(client, open_campaign, lang, turku):
    html = client.get(_participate_url(lang)).content.decode()
    select = html[html.index('<select name="municipality"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="853">{turku}</option>' in select
    assert f'<option value="{NATIONWIDE}">' in select
    assert select.count("<option") == 1 + 1 + 308  # "Choose…", nationwide, the list


def _form_data(**overrides) -> dict:
    theme = Theme.objects.order_by("number").first()
    return {
        "organisation_name": "Kuntatesti ry",
        "organisation_type": "association",
        "business_id": "",
        "municipality": "905",
        "region": "",
        "website": "",
        "contact_name": "Maija Meikäläinen",
        "contact_email": "kuntatesti@example.fi",
        "contact_phone": "",
        "pledge_title": "Lupaus",
        "pledge_text": "Teemme hyvää.",
        "initiative_title": "",
        "initiative_text": "",
        "initiative_partners_sought": "",
        "initiative_stage": "idea",
        "themes": [str(theme.pk)],
        "consent": "on",
        "nickname": "",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "10",
        **overrides,
    }


def test_a_chosen_municipality_is_stored_with_its_region(client, open_campaign):
    response = client.post(_participate_url("sv"), _form_data(municipality="905"))
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Kuntatesti ry")
    assert organisation.municipality_id == "905"
    assert not organisation.nationwide
    assert organisation.region == "pohjanmaa"  # taken from the municipality


def test_nationwide_needs_no_municipality(client, open_campaign):
    response = client.post(_participate_url("fi"), _form_data(municipality=NATIONWIDE))
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Kuntatesti ry")
    assert organisation.municipality is None and organisation.nationwide


@pytest.mark.parametrize(
    ("lang", "value", "message"),
    [
        ("fi", "", "Tämä kenttä vaaditaan."),
        ("sv", "", "Detta fält måste fyllas i."),
        ("fi", "Turku", "Valitse oikea vaihtoehto."),
        ("sv", "999", "Välj ett giltigt alternativ."),
    ],
)
def test_free_text_or_unknown_codes_are_refused_in_the_page_language(
    client, open_campaign, lang, value, message
):
    response = client.post(_participate_url(lang), _form_data(municipality=value))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Kuntatesti ry").exists()


def test_form_field_without_a_request(db):
    with translation.override("sv"):
        form = ParticipateForm()
        labels = dict(form.fields["municipality"].choices)
    assert labels["905"] == "Vasa"


# ---------------------------------------------------------------------------------------
# Pages, filters and exports
# ---------------------------------------------------------------------------------------


def _entry_url(entry, lang: str) -> str:
    with translation.override(lang):
        return entry.get_absolute_url()


@pytest.mark.django_db
def test_nationwide_organisation_says_so_on_the_page():
    organisation = OrganisationFactory(municipality=None, nationwide=True, region="")
    pledge = PledgeFactory(submission=SubmissionFactory(organisation=organisation))
    from django.test import Client

    client = Client()
    assert "<dd>Riksomfattande (hela Finland)</dd>" in (
        client.get(_entry_url(pledge, "sv")).content.decode()
    )
    assert "<dd>Valtakunnallinen (koko Suomi)</dd>" in (
        client.get(_entry_url(pledge, "fi")).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "path_name"), [("fi", "pledges:list"), ("sv", "initiatives:list")]
)
def test_lists_filter_by_municipality_named_in_the_page_language(client, lang, path_name):
    vaasa = OrganisationFactory(name="Vaasalainen ry", municipality=municipality("905"))
    oulu = OrganisationFactory(name="Oululainen ry", municipality=municipality("564"))
    factory = PledgeFactory if path_name == "pledges:list" else InitiativeFactory
    factory(submission=SubmissionFactory(organisation=vaasa), title_fi="Vaasan", title_sv="Vasas")
    factory(submission=SubmissionFactory(organisation=oulu), title_fi="Oulun", title_sv="Uleåborgs")
    with translation.override(lang):
        path = reverse(path_name)
    html = client.get(path).content.decode()
    select = html[html.index('name="municipality"') :]
    select = select[: select.index("</select>")]
    vasa = "Vasa" if lang == "sv" else "Vaasa"
    assert f'<option value="905">{vasa}</option>' in select
    assert '<option value="091">' not in select  # no entries from Helsinki: not offered
    filtered = client.get(path, {"municipality": "905"}).content.decode()
    assert ("Vasas" if lang == "sv" else "Vaasan") in filtered
    assert ("Uleåborgs" if lang == "sv" else "Oulun") not in filtered
    # A value that is not a choice is ignored, never an error page.
    assert client.get(path, {"municipality": "<script>"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "expected"), [("fi", "Vaasa"), ("sv", "Vasa")])
def test_organisation_export_names_the_municipality_in_the_export_language(
    admin_client, lang, expected
):
    organisation = OrganisationFactory(name="Vientitesti ry", municipality=municipality("905"))
    response = admin_client.post(
        reverse("admin:pledges_organisation_changelist"),
        {"action": "export_csv", "_selected_action": [organisation.pk], "index": 0},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    text = response.content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    values = dict(zip(header, row, strict=True))
    municipality_header = {"fi": "Kunta", "sv": "Kommun"}[lang]
    code_header = {"fi": "Kuntanumero", "sv": "Kommunnummer"}[lang]
    assert values[municipality_header] == expected
    assert values[code_header] == "905"


# ---------------------------------------------------------------------------------------
# The migration of the old free text
# ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_free_text_is_matched_by_either_name_and_the_rest_reported(capsys):
    before = [("pledges", "0004_submission_view_contact_details_permission")]
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_organisation = old_apps.get_model("pledges", "Organisation")
    texts = {
        "Suomi": "  ESBO ",
        "Sverige": "åbo",
        "Norge": "Vaasa",
        "Danmark": "valtakunnallinen",
        "Island": "Tapiola",
        "Tyhjä": "",
    }
    for name, text in texts.items():
        old_organisation.objects.create(name=name, type="association", municipality=text)

    # The list the data migration loaded (an earlier transactional test may have flushed it).
    municipalities_sync()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    found = {o.name: o for o in Organisation.objects.all()}
    assert found["Suomi"].municipality_id == "049"
    assert found["Sverige"].municipality_id == "853"
    assert found["Norge"].municipality_id == "905"
    assert found["Danmark"].municipality is None and found["Danmark"].nationwide
    assert found["Island"].municipality is None and not found["Island"].nationwide
    assert found["Tyhjä"].municipality is None and not found["Tyhjä"].nationwide
    report = capsys.readouterr().out
    assert "1 organisation(s) kept no municipality" in report
    assert "Island: 'Tapiola'" in report


def test_migration_module_names_its_dependency():
    # The data migration runs after the list is loaded.
    migration = importlib.import_module("pledges.migrations.0005_organisation_municipality")
    assert ("portal", "0006_municipality_data") in migration.Migration.dependencies
