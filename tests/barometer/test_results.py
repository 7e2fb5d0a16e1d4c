"""The public results of a closed round: the page, the CSV and the XLSX show what an
independent count of the answers gives, with small groups suppressed everywhere."""

import csv
import io
import re
from collections import Counter
from html.parser import HTMLParser
from statistics import mean

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from barometer import results as results_module
from barometer.models import Answer, AnswerChoice, Question, Response
from barometer.results import (
    BREAKDOWNS,
    NONE,
    ORGANISATION_TYPE,
    REGION,
    Aggregates,
    QuestionResult,
    SectionResult,
    SurveyResults,
    all_tables,
    breakdown_groups,
    download_rows,
    question_options,
)
from barometer.stats import Suppressed
from tests.barometer.factories_results import (
    REGION_CODES,
    TYPES,
    answers_make,
    respondents_spread,
    round_make,
)

pytestmark = pytest.mark.django_db
FEWER = "alle 5"  # "fewer than 5" in Finnish
PROTECTING = "piilotettu pienen ryhmän suojaamiseksi"


# Reading what the visitor gets --------------------------------------------------------


class Tables(HTMLParser):
    """Every <table> of a page: its caption and rows of cell texts (th and td)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._in_caption = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell += data


def page_tables(response) -> dict[int, list[list[str]]]:
    """The figures table of each question, by question number (comparisons left out)."""
    parser = Tables()
    parser.feed(response.content.decode())
    found = {}
    for table in parser.tables:
        match = re.match(r"Kysymyksen (\d+) luvut|Figures of question (\d+)", table["caption"])
        if match:
            found[int(match.group(1) or match.group(2))] = table["rows"][1:]
    return found


def count_of(cell: str) -> int:
    return int(re.search(r"\((\d+)\)", cell).group(1))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1:]


def xlsx_rows(content: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


# An independent count, straight from the rows -----------------------------------------


def independent(made, key: str, breakdown: str) -> dict[str, tuple[int, Counter]]:
    """{group label: (n, {option label: count})} for one question, counted answer by answer."""
    question = made.questions[key]
    labels = dict(breakdown_groups(breakdown))
    options = {c.pk: c.text for c in made.choices.get(key, [])}
    groups: dict[str, tuple[set, Counter]] = {}

    def group_of(response):
        if breakdown == ORGANISATION_TYPE:
            return labels[response.organisation_type]
        if breakdown == REGION:
            return labels[response.region]
        return None

    answers = Answer.objects.filter(question=question, response__submitted_at__isnull=False)
    for answer in answers.select_related("response"):
        for group in ("total", group_of(answer.response)):
            if group is None:
                continue
            respondents, counts = groups.setdefault(group, (set(), Counter()))
            if question.kind == Question.Kind.SINGLE:
                respondents.add(answer.response_id)
                counts[options[answer.choice_id]] += 1
            elif question.kind == Question.Kind.LIKERT:
                respondents.add(answer.response_id)
                counts[str(answer.likert) if answer.likert else "cannot_say"] += 1
            elif question.kind == Question.Kind.NUMBER:
                respondents.add(answer.response_id)
                counts[answer.number] += 1
            elif question.kind == Question.Kind.MULTIPLE:
                picked = AnswerChoice.objects.filter(answer=answer)
                if picked:
                    respondents.add(answer.response_id)
                for pick in picked:
                    counts[options[pick.choice_id]] += 1
    return {group: (len(respondents), counts) for group, (respondents, counts) in groups.items()}


@pytest.fixture
def made():
    made = round_make(year=2024)
    # Enough for some groups to be shown, few enough for others to be "fewer than 5".
    respondents = [("municipality", "uusimaa")] * 30 + [("association", "pirkanmaa")] * 12
    respondents += [("company", "lappi")] * 3
    respondents += [r for r in respondents_spread(25, seed=7) if r[0] != "company"]
    answers_make(made, respondents=respondents, seed=3)
    return made


def url(name: str, year: int, lang: str = "fi", **query) -> str:
    with translation.override(lang):
        path = reverse(f"barometer:{name}", kwargs={"year": year})
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


QUESTION_NUMBERS = {"single": 3, "multiple": 4, "likert": 5, "number": 6}


@pytest.mark.parametrize("breakdown", BREAKDOWNS)
def test_page_and_downloads_equal_an_independent_count(client, made, breakdown):
    page = page_tables(client.get(url("results", 2024, breakdown=breakdown)))
    downloads = {
        "csv": csv_rows(client.get(url("results_csv", 2024, breakdown=breakdown)).content),
        "xlsx": xlsx_rows(client.get(url("results_xlsx", 2024, breakdown=breakdown)).content),
    }
    total_label = "Kaikki vastaajat"
    for key in ("single", "multiple", "likert"):
        number = QUESTION_NUMBERS[key]
        truth = independent(made, key, breakdown)
        rows = page[number]
        # Every group of the breakdown is a row, empty ones included, the total first.
        assert [row[0] for row in rows] == [total_label] + [
            label for _key, label in breakdown_groups(breakdown)
        ]
        for row in rows:
            label = row[0]
            n, counts = truth.get("total" if label == total_label else label, (0, Counter()))
            if row[1] in (FEWER, PROTECTING):
                assert row[1] == PROTECTING or n < 5
                assert not any(re.search(r"\d", cell) for cell in row[2:])
                continue
            assert int(row[1]) == n >= 5
            if key != "multiple":  # one answer each: a shown row adds up to 100
                option_cells = row[2:8] if key == "likert" else row[2:5]
                assert sum(int(re.match(r"(\d+)", c).group(1)) for c in option_cells) == 100
            if key == "likert":
                values = ["1", "2", "3", "4", "5", "cannot_say"]
                assert [count_of(cell) for cell in row[2:8]] == [counts[v] for v in values]
            else:
                labels = [c.text for c in made.choices[key]]
                assert [count_of(cell) for cell in row[2 : 2 + len(labels)]] == [
                    counts[label] for label in labels
                ]
        # The downloads hold the same figures as the page.
        for kind, download in downloads.items():
            question_rows = [r for r in download if r[0] == str(number)]
            by_group = {}
            for r in question_rows:
                by_group.setdefault(r[2], []).append(r)
            assert list(by_group) == [row[0] for row in rows], kind
            for row in rows:
                lines = by_group[row[0]]
                if row[1] in (FEWER, PROTECTING):
                    assert lines == [[str(number), lines[0][1], row[0], row[1], "", "", "", "", ""]]
                else:
                    assert {line[3] for line in lines} == {row[1]}
                    assert [int(line[5]) for line in lines] == [
                        count_of(cell) for cell in row[2 : 2 + len(lines)]
                    ]


def test_number_answers_in_bins_with_their_mean(client, made):
    rows = page_tables(client.get(url("results", 2024)))[QUESTION_NUMBERS["number"]]
    truth = independent(made, "number", NONE)["total"]
    n, counts = truth
    bins = [(0, 0), (1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 10**9)]
    expected = [sum(c for v, c in counts.items() if lo <= v <= hi) for lo, hi in bins]
    assert int(rows[0][1]) == n
    assert [count_of(cell) for cell in rows[0][2:9]] == expected
    values = [v for v, c in counts.items() for _ in range(c)]
    assert rows[0][9] == f"{mean(values):.1f}".replace(".", ",")


def test_small_groups_are_fewer_than_5_on_the_page_and_in_the_downloads(client, made):
    page = page_tables(client.get(url("results", 2024, breakdown=ORGANISATION_TYPE)))
    company = {row[0]: row for row in page[QUESTION_NUMBERS["single"]]}["yritys"]
    n_company = Response.objects.filter(organisation_type="company").count()
    assert 1 <= n_company < 5
    assert company[1:] == [FEWER]
    for name in ("results_csv", "results_xlsx"):
        content = client.get(url(name, 2024, breakdown=ORGANISATION_TYPE)).content
        rows = csv_rows(content) if name.endswith("csv") else xlsx_rows(content)
        lines = [r for r in rows if r[0] == "3" and r[2] == "yritys"]
        assert lines == [["3", lines[0][1], "yritys", FEWER, "", "", "", "", ""]]


def test_percentages_add_up_and_the_likert_mean_leaves_out_cannot_say(client):
    made = round_make(year=2024)
    responses = answers_make(made, respondents=[("municipality", "uusimaa")] * 8, seed=1)
    Answer.objects.filter(question=made.questions["likert"]).delete()
    values = [1, 5, 5, 4, None, None, 3, 2]
    Answer.objects.bulk_create(
        Answer(response=r, question=made.questions["likert"], likert=v)
        for r, v in zip(responses, values, strict=True)
    )
    rows = page_tables(client.get(url("results", 2024)))[QUESTION_NUMBERS["likert"]]
    total = rows[0]
    assert total[1] == "8"
    percents = [int(re.match(r"(\d+)", cell).group(1)) for cell in total[2:8]]
    assert sum(percents) == 100
    assert total[8] == f"{(1 + 5 + 5 + 4 + 3 + 2) / 6:.1f}".replace(".", ",")
    assert total[9] == "6"
    for number in (3, 6):  # single choice and number bins add up to 100 too
        row = page_tables(client.get(url("results", 2024)))[number][0]
        if row[1] not in (FEWER, PROTECTING):
            cells = [c for c in row[2:] if "%" in c]
            assert sum(int(re.match(r"(\d+)", c).group(1)) for c in cells) == 100


def test_a_total_hidden_in_one_breakdown_is_hidden_everywhere(client):
    made = round_make(year=2024)
    # By type: 4 + 4, both under 5, so that breakdown must hide its total of 8; by region
    # all 8 are in Uusimaa and nothing would be hidden.
    answers_make(
        made,
        respondents=[("municipality", "uusimaa")] * 4 + [("association", "uusimaa")] * 4,
        seed=2,
    )
    Answer.objects.filter(question=made.questions["single"]).update(
        choice=made.choices["single"][0]
    )
    Answer.objects.bulk_create(
        Answer(response=r, question=made.questions["single"], choice=made.choices["single"][0])
        for r in Response.objects.exclude(answers__question=made.questions["single"])
    )
    for breakdown in BREAKDOWNS:
        rows = page_tables(client.get(url("results", 2024, breakdown=breakdown)))[3]
        assert rows[0][1] == PROTECTING, breakdown
        csv_total = [
            r
            for r in csv_rows(client.get(url("results_csv", 2024, breakdown=breakdown)).content)
            if r[0] == "3" and r[2] == "Kaikki vastaajat"
        ]
        assert csv_total == [
            ["3", csv_total[0][1], "Kaikki vastaajat", PROTECTING, "", "", "", "", ""]
        ]


def test_who_answered_shows_small_groups_as_fewer_than_5(client, made):
    page = page_tables(client.get(url("results", 2024)))
    types = {row[0]: row for row in page[1]}
    for code, label in breakdown_groups(ORGANISATION_TYPE):
        n = Response.objects.filter(organisation_type=code).count()
        if n < 5:
            assert types[label][1] in (FEWER, PROTECTING)
        elif types[label][1] != PROTECTING:
            assert types[label][1] == str(n)


def test_only_approved_open_answers_appear_without_background(client):
    made = round_make(year=2024)
    answers_make(
        made,
        respondents=[("religious_community", "kainuu")] * 6,
        texts=[
            ("Hyväksytty vastaus yksi", "approved"),
            ("Odottaa tarkastusta", "pending"),
            ("Hylätty vastaus", "rejected"),
            ("Hyväksytty vastaus kaksi", "approved"),
        ],
    )
    unsubmitted = answers_make(
        made,
        respondents=[("company", "lappi")],
        submitted=False,
        texts=[("Keskeneräinen", "approved")],
    )
    assert unsubmitted
    html = client.get(url("results", 2024, breakdown=REGION)).content.decode()
    section = html[html.index("Kysymys text 2024") :]
    section = section[: section.index("</section>")]
    assert "Hyväksytty vastaus yksi" in section and "Hyväksytty vastaus kaksi" in section
    for hidden in ("Odottaa", "Hylätty", "Keskeneräinen"):
        assert hidden not in html
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert items == ["Hyväksytty vastaus yksi", "Hyväksytty vastaus kaksi"]
    for detail in ("Kainuu", "uskonnollinen", "2024-", "#"):
        assert detail not in section


def test_open_answers_are_paged(client, settings):
    made = round_make(year=2024)
    texts = [(f"Vastaus numero {i:03d}", "approved") for i in range(55)]
    answers_make(made, respondents=[("municipality", "uusimaa")] * 55, texts=texts)
    first = client.get(url("results", 2024)).content.decode()
    assert "Vastaus numero 049" in first and "Vastaus numero 050" not in first
    second = client.get(url("results", 2024, page=2)).content.decode()
    assert "Vastaus numero 050" in second and "Vastaus numero 049" not in second
    beyond = client.get(url("results", 2024, page=9)).content.decode()
    assert "Vastaus numero 054" in beyond  # clamped to the last page


def test_year_on_year_comparison_shows_both_rounds_with_their_n(client):
    earlier = round_make(year=2022)
    answers_make(earlier, respondents=[("municipality", "uusimaa")] * 20, seed=4)
    later = round_make(year=2024, earlier=earlier)
    answers_make(later, respondents=[("municipality", "uusimaa")] * 30, seed=5)
    html = client.get(url("results", 2024)).content.decode()
    parser = Tables()
    parser.feed(html)
    comparisons = [t for t in parser.tables if "2022" in t["caption"] and "2024" in t["caption"]]
    assert len(comparisons) == 4  # single, multiple, likert, number
    single = comparisons[0]["rows"]
    assert single[0][1:3] == ["2022", "2024"]
    n_earlier = Answer.objects.filter(question=earlier.questions["single"]).count()
    n_later = Answer.objects.filter(question=later.questions["single"]).count()
    assert single[1][1:3] == [str(n_earlier), str(n_later)]
    first_choice = Answer.objects.filter(choice=earlier.choices["single"][0]).count()
    assert count_of(single[2][1]) == first_choice  # paired by the choice's place
    # The earlier round's page has no comparison, and links to the later one.
    assert "2024" in client.get(url("results", 2022)).content.decode()


def test_an_open_round_and_unknown_years_are_404(client):
    round_make(year=2025, closed=False)
    for year in (2025, 2019, 99999, 0):
        for name in ("results", "results_csv", "results_xlsx"):
            assert client.get(url(name, year)).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "breakdown=<script>alert(1)</script>",
        "breakdown=",
        "breakdown=region&breakdown=none",
        "breakdown[]=region",
        "page=-1",
        "page=abc",
        "page=99999999999999999999999",
        "breakdown=%FF%FE",
        "breakdown=%C3%A5%00",
        "page=%00",
    ],
)
def test_hostile_query_strings_never_fail(client, made, query):
    for name in ("results", "results_csv", "results_xlsx"):
        path = url(name, 2024) + "?" + query
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert b"<script>alert" not in response.content


def test_downloads_are_named_in_the_language(client, made):
    fi = client.get(url("results_csv", 2024))
    assert fi["Content-Disposition"] == 'attachment; filename="barometri-2024-tulokset.csv"'
    assert fi["Content-Type"].startswith("text/csv")
    sv = client.get(url("results_xlsx", 2024, "sv"))
    assert sv["Content-Disposition"] == 'attachment; filename="barometer-2024-resultat.xlsx"'


def test_a_cell_from_the_public_cannot_become_a_formula(client):
    made = round_make(year=2024)
    made.choices["single"][0].text_fi = "=HYPERLINK(1)"
    made.choices["single"][0].save()
    answers_make(made, respondents=[("municipality", "uusimaa")] * 6)
    rows = csv_rows(client.get(url("results_csv", 2024)).content)
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_the_query_count_does_not_grow_with_the_answers(client, settings):
    settings.PAGE_CACHE_TIMEOUT = 0  # rendered every time, not answered from the page cache
    counts = []
    for year, n in ((2023, 10), (2024, 300)):
        made = round_make(year=year)
        answers_make(
            made, respondents=respondents_spread(n, seed=n), texts=[("Hyvä", "approved")] * 3
        )
        for breakdown in BREAKDOWNS:
            client.get(url("results", year, breakdown=breakdown))  # warm-up (sessions, sites)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url("results", year, breakdown=breakdown)).status_code == 200
            counts.append(len(captured))
    assert len(set(counts)) == 1, counts
    assert 5 <= counts[0] <= 20


# Property: no figure reveals a group under 5, across breakdowns -----------------------

BACKGROUNDS = [(t, r) for t in TYPES[:4] for r in REGION_CODES[:3]] + [("", ""), ("company", "")]


class FakeQuestion:
    """What question_table and question_options read of a question."""

    def __init__(self, kind):
        self.pk, self.kind, self.background = 1, kind, ""
        self.low_label, self.high_label, self.text = "low", "high", "Q"


@st.composite
def question_answers(draw):
    kind = draw(
        st.sampled_from([Question.Kind.SINGLE, Question.Kind.LIKERT, Question.Kind.MULTIPLE])
    )
    question = FakeQuestion(kind)
    if kind == Question.Kind.LIKERT:
        keys = ["1", "2", "3", "4", "5", "cannot_say"]
    else:
        keys = ["o1", "o2", "o3"]
    aggregates = Aggregates()
    for background in draw(st.lists(st.sampled_from(BACKGROUNDS), max_size=6, unique=True)):
        n = draw(st.sampled_from([1, 2, 4, 5, 6]) | st.integers(0, 30))
        if kind == Question.Kind.MULTIPLE:
            aggregates.respondents[1][background] = n
            for key in keys:
                aggregates.counts[1][background][key] = draw(st.integers(0, n))
        else:
            for _ in range(n):
                aggregates.counts[1][background][draw(st.sampled_from(keys))] += 1
    return question, aggregates


def true_groups(aggregates: Aggregates, question, breakdown: str) -> dict[str, int]:
    index = 0 if breakdown == ORGANISATION_TYPE else 1
    groups = Counter()
    if question.kind == Question.Kind.MULTIPLE:
        for background, n in aggregates.respondents[1].items():
            groups[background[index]] += n
    else:
        for background, counts in aggregates.counts[1].items():
            groups[background[index]] += sum(counts.values())
    return groups


@settings(max_examples=150, deadline=None)
@given(question_answers())
def test_no_shown_or_downloaded_number_reveals_a_group_under_5(generated):
    question, aggregates = generated
    with translation.override("en"):
        options = question_options(question, [])
        if question.kind != Question.Kind.LIKERT:
            options = tuple(
                results_module.Option(key, f"option {key}") for key in ("o1", "o2", "o3")
            )
        tables = all_tables(question, options, aggregates)
        hidden_total = {b: not t.total.shown for b, t in tables.items()}
        # The total is the same figure in every breakdown: hidden in one, hidden in all.
        assert len(set(hidden_total.values())) == 1
        for breakdown in (ORGANISATION_TYPE, REGION):
            table, truth = tables[breakdown], true_groups(aggregates, question, breakdown)
            shown = table.shown_groups()
            for row in table.groups:
                if truth[row.key] < 5:
                    assert row.suppressed is Suppressed.FEWER_THAN_5
            if table.total.shown:
                # What subtraction leaves is empty or at least 5 respondents: never a small
                # group alone, per n and per option.
                remainder = table.total.n - sum(row.n for row in shown)
                assert remainder == 0 or remainder >= 5
                hidden = [row for row in table.groups if not row.shown]
                if len(hidden) == 1 and 1 <= truth[hidden[0].key] <= 4:
                    residual = table.total.n - sum(truth[row.key] for row in table.groups)
                    assert residual > 0
            # The download: every row of a group under 5 carries only the marker.
            result = QuestionResult(question=question, number=1, options=options, table=table)
            results = SurveyResults(
                survey=None,
                breakdown=breakdown,
                page=1,
                respondents=None,
                sections=[SectionResult("S", "", [result])],
            )
            _header, rows = download_rows(results)
            labels = dict(breakdown_groups(breakdown))
            for line in rows:
                key = next((k for k, label in labels.items() if label == line[2]), None)
                if key is not None and truth[key] < 5:
                    assert line[3:] == ["fewer than 5", "", "", "", "", ""]
                if line[3] in ("fewer than 5", "hidden to protect a small group"):
                    assert line[4:] == ["", "", "", "", ""]


def test_the_demo_rounds_results(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", "--allow-production", stdout=StringIO())
    for lang in ("fi", "sv"):
        page = client.get(url("results", 2022, lang))
        assert page.status_code == 200
        html = page.content.decode()
        assert html.count("<svg") >= 10
        assert url("results", 2020, lang) in html  # the other round's results
        tables = Tables()
        tables.feed(html)
        assert any("2020" in t["caption"] and "2022" in t["caption"] for t in tables.tables)


def test_the_index_shows_the_latest_results_when_no_round_is_open(client):
    for year in (2022, 2024):
        made = round_make(year=year)
        answers_make(made, respondents=respondents_spread(12, seed=year))
    html = client.get(reverse("barometer:index")).content.decode()
    assert "Kumppanuusbarometri 2024" in html
    assert url("results", 2022) in html
