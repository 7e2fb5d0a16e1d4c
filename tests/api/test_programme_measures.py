"""The government measures and government terms in the open data API."""

import json
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import dumps
from programmes.models import Measure
from programmes.services import measure_status_change
from tests.programmes.factories import GovernmentTermFactory, MeasureFactory, PublicationFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.OPEN_DATA_DIR


@pytest.fixture
def measures():
    theme = Theme.objects.order_by("number").first()
    old_term = GovernmentTermFactory(starts_on=date(2019, 6, 1), ends_on=date(2023, 6, 19))
    term = GovernmentTermFactory(starts_on=date(2023, 6, 20), note_fi="Päivitetään.")
    old = MeasureFactory(term=old_term, kind=Measure.Kind.REPORT)
    law = MeasureFactory(term=term, kind=Measure.Kind.LEGISLATION)
    law.themes.add(theme)
    publication = PublicationFactory()
    law.publications.add(publication)
    measure_status_change(measure=law, status="in_preparation", on=date(2024, 1, 10))
    measure_status_change(
        measure=law,
        status="in_force",
        on=date(2025, 1, 1),
        note={"fi": "Laki voimaan.", "sv": "Lagen trädde i kraft."},
    )
    old.replaced_by = law
    old.save()
    measure_status_change(measure=old, status="replaced", on=date(2024, 2, 1))
    return {
        "theme": theme,
        "term": term,
        "old_term": old_term,
        "old": old,
        "law": law,
        "publication": publication,
    }


def test_a_measure_gives_its_timeline_links_and_pages_in_both_languages(client, measures):
    law = measures["law"]
    body = client.get(f"/api/v1/measures/{law.pk}/").json()
    assert body["title"] == {"fi": law.title_fi, "sv": law.title_sv}
    assert body["ministry"] == {
        "fi": "Työ- ja elinkeinoministeriö",
        "sv": "Arbets- och näringsministeriet",
    }
    assert body["kind"] == "legislation"
    assert body["status"] == "in_force"
    assert body["term"] == measures["term"].pk
    assert body["replaced_by"] is None
    assert body["themes"] == [measures["theme"].pk]
    assert body["publications"] == [measures["publication"].pk]
    assert body["timeline"] == [
        {"status": "in_preparation", "date": "2024-01-10", "note": {"fi": None, "sv": None}},
        {
            "status": "in_force",
            "date": "2025-01-01",
            "note": {"fi": "Laki voimaan.", "sv": "Lagen trädde i kraft."},
        },
    ]
    assert body["urls"]["fi"].startswith(f"{settings.SITE_URL}/fi/")
    assert body["urls"]["sv"].startswith(f"{settings.SITE_URL}/sv/")
    for url in body["urls"].values():
        assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200
    old = client.get(f"/api/v1/measures/{measures['old'].pk}/").json()
    assert old["replaced_by"] == law.pk
    assert old["status"] == "replaced"


def test_government_terms_are_listed_with_their_note(client, measures):
    body = client.get("/api/v1/government-terms/").json()
    by_id = {term["id"]: term for term in body["results"]}
    term = by_id[measures["term"].pk]
    assert term["name"] == {"fi": measures["term"].name_fi, "sv": measures["term"].name_sv}
    assert term["ends_on"] is None
    assert term["note"] == {"fi": "Päivitetään.", "sv": None}
    assert by_id[measures["old_term"].pk]["ends_on"] == "2023-06-19"
    detail = client.get(f"/api/v1/government-terms/{term['id']}/")
    assert detail.json() == term


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_force", ["law"]),
        ("status=replaced", ["old"]),
        ("kind=report", ["old"]),
        ("kind=legislation", ["law"]),
        ("theme={theme}", ["law"]),
        ("term={old_term}", ["old"]),
        ("term={term}&status=replaced", []),
        ("", ["law", "old"]),
    ],
)
def test_measure_filters_match_the_public_list(client, measures, query, expected):
    query = query.format(
        theme=measures["theme"].pk, term=measures["term"].pk, old_term=measures["old_term"].pk
    )
    ids = [m["id"] for m in client.get(f"/api/v1/measures/?{query}").json()["results"]]
    assert sorted(ids) == sorted(measures[name].pk for name in expected)


@pytest.mark.parametrize(
    "query", ["status=done", "kind=law", "theme=abc", "term=0", "term=x", "updated_since=x"]
)
def test_invalid_measure_filters_are_400_problems(client, measures, query):
    response = client.get(f"/api/v1/measures/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


@pytest.mark.parametrize("name", ["measures", "government-terms"])
def test_unknown_ids_are_404_problems(client, db, name):
    response = client.get(f"/api/v1/{name}/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def _make_measures(count: int) -> None:
    term = GovernmentTermFactory()
    theme = Theme.objects.order_by("number").first()
    for _ in range(count):
        measure = MeasureFactory(term=term)
        measure.themes.add(theme)
        measure.publications.add(PublicationFactory())
        measure_status_change(measure=measure, status="planned", on=date(2024, 1, 1))


@pytest.mark.parametrize("name", ["measures", "government-terms"])
def test_measure_queries_do_not_grow_with_the_page(client, db, name):
    _make_measures(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/api/v1/{name}/?page_size=100").status_code == 200
    _make_measures(19)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/api/v1/{name}/?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) >= (20 if name == "measures" else 2)
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_measure_dumps_hold_what_the_api_gives(client, measures, open_data_dir):
    dumps.dumps_write()
    for name in ("measures", "government-terms"):
        dumped = json.loads((open_data_dir / f"{name}.json").read_text())
        api = client.get(f"/api/v1/{name}/?ordering=id&page_size=100").json()["results"]
        assert dumped == api, name
    csv_text = (open_data_dir / "measures.csv").read_text(encoding="utf-8-sig")
    header = csv_text.splitlines()[0]
    assert "title_fi;title_sv" in header and "urls_fi" in header
    assert measures["law"].title_sv in csv_text
    assert len(csv_text.splitlines()) == 3


def test_measures_are_in_the_schema(client, db):
    paths = client.get("/api/v1/schema/").json()["paths"]
    for name in ("measures", "government-terms"):
        assert f"/api/v1/{name}/" in paths
        assert f"/api/v1/{name}/{{id}}/" in paths
    names = {p["name"] for p in paths["/api/v1/measures/"]["get"]["parameters"]}
    assert {"status", "kind", "theme", "term"} <= names


def test_the_programme_gives_goals_umbrella_themes_and_publications(client, db):
    from tests.programmes.factories import AnnualThemeFactory, GoalFactory, ProgrammeFactory

    programme = ProgrammeFactory()
    GoalFactory(programme=programme, position=2, text_fi="Toinen", text_sv="Andra")
    GoalFactory(programme=programme, position=1, text_fi="Ensimmäinen", text_sv="Första")
    AnnualThemeFactory(programme=programme, year=2019, title_fi="Tasa-arvo", title_sv="Jämlikhet")
    AnnualThemeFactory(programme=programme, year=2999, title_fi="Tuleva", title_sv="Framtida")
    publication = PublicationFactory(programme=programme)
    response = client.get("/api/v1/programme/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == {"fi": programme.name_fi, "sv": programme.name_sv}
    assert [goal["text"] for goal in body["goals"]] == [
        {"fi": "Ensimmäinen", "sv": "Första"},
        {"fi": "Toinen", "sv": "Andra"},
    ]
    # A future year's umbrella theme is not yet public (nor on the page).
    assert [theme["year"] for theme in body["annual_themes"]] == [2019]
    assert body["annual_themes"][0]["title"] == {"fi": "Tasa-arvo", "sv": "Jämlikhet"}
    assert body["publications"][0]["id"] == publication.pk
    assert body["publications"][0]["title"] == {
        "fi": "Kumppanuusohjelma",
        "sv": "Partnerskapsprogrammet",
    }
    assert body["publications"][0]["languages"] == ["fi"]
    assert body["urls"]["fi"].startswith(f"{settings.SITE_URL}/fi/")
    assert body["urls"]["sv"].startswith(f"{settings.SITE_URL}/sv/")
    for url in body["urls"].values():
        page = client.get(url.removeprefix(settings.SITE_URL))
        assert page.status_code == 200
        assert "Tuleva" not in page.content.decode()
    assert "contacts" not in body
    again = client.get("/api/v1/programme/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_no_programme_is_a_404_problem(client, db):
    response = client.get("/api/v1/programme/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/programme/?lang=xx").status_code == 400


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("fi", "Ohjelma, hallituksen toimenpiteet ja barometri"),
        ("sv", "Programmet, regeringens åtgärder och barometern"),
    ],
)
def test_the_open_data_page_lists_the_new_endpoints(client, db, lang, heading):
    html = client.get(f"/{lang}/" + ("avoin-data/" if lang == "fi" else "oppna-data/"))
    html = html.content.decode()
    assert heading in html
    root = "http://testserver/api/v1/"
    for example in (
        f"curl {root}programme/",
        f'curl "{root}measures/?status=in_force"',
        f"curl {root}government-terms/",
        f"curl {root}barometer/rounds/",
        f'curl "{root}barometer/rounds/2024/results/?breakdown=region"',
    ):
        assert example in html
    for name in ("measures", "government-terms", "barometer/rounds"):
        assert f"<code>{root}{name}/</code>" in html
