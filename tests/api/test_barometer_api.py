"""The barometer in the open data API: closed rounds and their results, with exactly the
small-cell suppression of the results page and its CSV download."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from api import dumps
from barometer.models import Answer, Response
from barometer.results import BREAKDOWNS, NONE, ORGANISATION_TYPE, REGION
from tests.barometer.factories_results import answers_make, respondents_spread, round_make

pytestmark = pytest.mark.django_db

FEWER = "alle 5"
PROTECTING = "piilotettu pienen ryhmän suojaamiseksi"
MARKERS = {"fewer_than_5": FEWER, "protecting": PROTECTING}


@pytest.fixture
def made():
    made = round_make(year=2024)
    # Some groups are shown; "company" has 3 respondents (fewer than 5) in Lapland.
    respondents = [("municipality", "uusimaa")] * 30 + [("association", "pirkanmaa")] * 12
    respondents += [("company", "lappi")] * 3
    respondents += [r for r in respondents_spread(25, seed=7) if r[0] != "company"]
    answers_make(made, respondents=respondents, seed=3)
    return made


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.OPEN_DATA_DIR


def results_url(year: int, breakdown: str = "") -> str:
    query = f"?breakdown={breakdown}" if breakdown else ""
    return f"/api/v1/barometer/rounds/{year}/results/{query}"


def csv_of(client, year: int, breakdown: str) -> list[list[str]]:
    with translation.override("fi"):
        path = reverse("barometer:results_csv", kwargs={"year": year})
    content = client.get(f"{path}?breakdown={breakdown}").content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1:]


def csv_from_api(body: dict) -> list[list[str]]:
    """The API's figures written as the Finnish CSV writes them."""
    lines = []
    for question in body["questions"]:
        labels = {option["key"]: option["label"]["fi"] for option in question["options"]}
        for row in question["rows"]:
            start = [str(question["number"]), question["text"]["fi"], row["label"]["fi"]]
            if row["suppressed"]:
                assert row["n"] is None and row["mean"] is None and row["mean_n"] is None
                assert set(row["counts"].values()) == {None}
                assert set(row["percents"].values()) == {None}
                lines.append([*start, MARKERS[row["suppressed"]], "", "", "", "", ""])
                continue
            mean = "" if row["mean"] is None else f"{row['mean']:.1f}".replace(".", ",")
            mean_n = "" if row["mean_n"] is None else str(row["mean_n"])
            for key, label in labels.items():
                count, percent = row["counts"][key], row["percents"][key]
                lines.append([*start, str(row["n"]), label, str(count), str(percent), mean, mean_n])
    return lines


def test_rounds_lists_closed_rounds_only_with_their_pages(client, made):
    round_make(year=2025, closed=False)
    body = client.get("/api/v1/barometer/rounds/").json()
    assert [r["year"] for r in body["results"]] == [2024]
    listed = body["results"][0]
    assert listed["title"] == {
        "fi": "Kumppanuusbarometri 2024",
        "sv": "Partnerskapsbarometern 2024",
    }
    assert listed["respondents"] == Response.objects.filter(survey=made.survey).count()
    assert set(listed["urls"]) == {"page", "csv", "xlsx"}
    for kind, urls in listed["urls"].items():
        assert urls["fi"].startswith(f"{settings.SITE_URL}/fi/"), kind
        assert urls["sv"].startswith(f"{settings.SITE_URL}/sv/"), kind
        for url in urls.values():
            assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200


def test_a_round_with_fewer_than_5_respondents_does_not_say_how_many(client):
    made = round_make(year=2024)
    answers_make(made, respondents=[("municipality", "uusimaa")] * 3)
    assert client.get("/api/v1/barometer/rounds/").json()["results"][0]["respondents"] is None
    assert client.get(results_url(2024)).json()["respondents"] is None


@pytest.mark.parametrize("breakdown", BREAKDOWNS)
def test_results_are_exactly_the_csv_figures_with_the_same_suppression(client, made, breakdown):
    response = client.get(results_url(2024, breakdown))
    assert response.status_code == 200
    body = response.json()
    assert body["breakdown"] == breakdown
    assert csv_from_api(body) == csv_of(client, 2024, breakdown)
    assert body["urls"]["csv"]["fi"].endswith(f"?breakdown={breakdown}") or breakdown == NONE


def test_no_number_reveals_the_group_of_fewer_than_5(client, made):
    company = Response.objects.filter(survey=made.survey, organisation_type="company").count()
    assert 1 <= company <= 4
    body = client.get(results_url(2024, ORGANISATION_TYPE)).json()
    for question in body["questions"]:
        if question["background"] == REGION:
            continue
        rows = {row["group"]: row for row in question["rows"]}
        assert rows["company"]["suppressed"] == "fewer_than_5", question["number"]
        assert rows["company"]["n"] is None
        # What subtraction from the total leaves is empty or at least 5 respondents.
        if rows["total"]["suppressed"] is None:
            shown = sum(row["n"] for row in rows.values() if row["group"] != "total" and row["n"])
            remainder = rows["total"]["n"] - shown
            assert remainder == 0 or remainder >= 5, question["number"]
    # In every breakdown, a group with a number has at least 5 respondents, and what the
    # shown groups leave of a shown total is empty or at least 5.
    for breakdown in (ORGANISATION_TYPE, REGION):
        other = client.get(results_url(2024, breakdown)).json()
        for question in other["questions"]:
            total, *groups = question["rows"]
            shown = [row["n"] for row in groups if row["suppressed"] is None]
            assert all(n >= 5 for n in shown), (breakdown, question["number"])
            if total["suppressed"] is None:
                assert total["n"] - sum(shown) in (0, *range(5, total["n"] + 1))
    # The labels are in both languages.
    question = next(q for q in body["questions"] if q["kind"] == "single")
    assert question["text"] == {"fi": "Kysymys single 2024", "sv": "Fråga single 2024"}
    assert question["options"][0]["label"] == {"fi": "Vaihtoehto 1", "sv": "Alternativ 1"}
    company = {row["group"]: row for row in question["rows"]}["company"]
    assert company["label"] == {"fi": "yritys", "sv": "företag"}


def test_a_total_hidden_in_one_breakdown_has_no_total_in_any(client):
    made = round_make(year=2024)
    # By type: 4 + 4, both under 5, so that breakdown must hide the total of 8.
    answers_make(
        made,
        respondents=[("municipality", "uusimaa")] * 4 + [("association", "uusimaa")] * 4,
        seed=2,
    )
    question = made.questions["single"]
    Answer.objects.filter(question=question).update(choice=made.choices["single"][0])
    Answer.objects.bulk_create(
        Answer(response=r, question=question, choice=made.choices["single"][0])
        for r in Response.objects.exclude(answers__question=question)
    )
    for breakdown in BREAKDOWNS:
        body = client.get(results_url(2024, breakdown)).json()
        single = next(q for q in body["questions"] if q["kind"] == "single")
        total = single["rows"][0]
        assert total["group"] == "total"
        assert total["suppressed"] == "protecting", breakdown
        assert single["total_hidden"] is True
        assert total["n"] is None and set(total["counts"].values()) == {None}
        if breakdown != REGION:  # by region, Uusimaa's 8 are a shown group (so on the page)
            assert 8 not in [
                value for row in single["rows"] for value in (row["n"], *row["counts"].values())
            ]
        assert csv_from_api(body) == csv_of(client, 2024, breakdown)


@pytest.mark.parametrize(
    "path",
    [
        results_url(2025),  # open
        results_url(2023),  # no round
        results_url(1999),
        results_url(10**30),
        "/api/v1/barometer/rounds/2024/",
    ],
)
def test_open_rounds_and_unknown_years_are_404_problems(client, made, path):
    round_make(year=2025, closed=False)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert b"Kysymys" not in response.content


@pytest.mark.parametrize("query", ["breakdown=x", "breakdown=", "lang=en"])
def test_an_unknown_breakdown_is_a_400_problem(client, made, query):
    response = client.get(f"{results_url(2024)}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_results_answer_304_on_their_etag(client, made):
    response = client.get(results_url(2024))
    again = client.get(results_url(2024), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_query_count_does_not_grow_with_the_answers(client):
    counts = []
    for year, n in ((2023, 10), (2024, 300)):
        made = round_make(year=year)
        answers_make(made, respondents=respondents_spread(n, seed=n))
        for breakdown in BREAKDOWNS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(results_url(year, breakdown)).status_code == 200
            counts.append(len(captured))
    with CaptureQueriesContext(connection) as listed:
        assert client.get("/api/v1/barometer/rounds/").status_code == 200
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 30
    assert len(listed) <= 3


def test_the_dump_holds_every_closed_rounds_totals(client, made, open_data_dir):
    round_make(year=2025, closed=False)
    dumps.dumps_write()
    dumped = json.loads((open_data_dir / "barometer-results.json").read_text())
    assert [r["year"] for r in dumped] == [2024]
    assert dumped[0] == client.get(results_url(2024)).json()
    assert all(
        row["group"] == "total" or question["kind"] == "background"
        for question in dumped[0]["questions"]
        for row in question["rows"]
    )
    csv_text = (open_data_dir / "barometer-results.csv").read_text(encoding="utf-8-sig")
    assert "title_fi;title_sv" in csv_text.splitlines()[0]
    assert len(csv_text.splitlines()) == 2
