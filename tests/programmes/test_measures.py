"""The government's integration measures: the status timeline (service and admin), the list
by government term with its filters, the detail page, the Atom feed, the sitemap, the search
and the demo."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from audit.models import AuditEvent
from core.content_versions import versions
from news.models import NewsItem
from portal.page_cache import PUBLIC_VIEWS
from programmes import demo as programmes_demo
from programmes import demo_measures
from programmes.models import GovernmentTerm, Measure, MeasureStatusChange
from programmes.services import measure_status_change
from tests.programmes.factories import GovernmentTermFactory, MeasureFactory, PublicationFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv"]
Status = Measure.Status


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def measure_url(measure: Measure, lang: str) -> str:
    with translation.override(lang):
        return measure.get_absolute_url()


def page(client, path: str, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200, path
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html))


# --- The status timeline -------------------------------------------------------------------


def test_a_status_change_updates_the_status_and_is_audited(admin_user):
    measure = MeasureFactory()
    assert measure.status == Status.PLANNED
    measure_status_change(
        measure=measure,
        status=Status.IN_PREPARATION,
        on=date(2020, 3, 1),
        note={"fi": "Valmistelu alkoi.", "sv": "Beredningen inleddes."},
        by=admin_user,
    )
    measure_status_change(measure=measure, status=Status.SUBMITTED, on=date(2021, 6, 10))
    measure.refresh_from_db()
    assert measure.status == Status.SUBMITTED
    change = measure.status_changes.get(status=Status.IN_PREPARATION)
    assert (change.note_fi, change.note_sv) == ("Valmistelu alkoi.", "Beredningen inleddes.")
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.STATUS_CHANGED, object_id=str(measure.pk)
    ).order_by("created_at", "pk")
    assert [event.after["status"] for event in events] == [Status.IN_PREPARATION, Status.SUBMITTED]
    assert events[0].actor == admin_user
    assert events[0].before == {"status": Status.PLANNED}


def test_a_backdated_change_fills_in_the_history_without_changing_the_status():
    measure = MeasureFactory()
    measure_status_change(measure=measure, status=Status.IN_FORCE, on=date(2016, 9, 8))
    measure_status_change(measure=measure, status=Status.IN_PREPARATION, on=date(2015, 11, 1))
    measure.refresh_from_db()
    assert measure.status == Status.IN_FORCE
    assert [c.status for c in measure.status_changes.all()] == [
        Status.IN_PREPARATION,
        Status.IN_FORCE,
    ]


@pytest.mark.parametrize(
    ("status", "on"),
    [("abolished", date(2020, 1, 1)), (Status.IN_FORCE, None)],
)
def test_an_unknown_status_or_a_future_date_is_refused(status, on):
    on = on or timezone.localdate() + timedelta(days=2)
    measure = MeasureFactory()
    with pytest.raises(ValidationError):
        measure_status_change(measure=measure, status=status, on=on)
    assert not MeasureStatusChange.objects.exists()
    measure.refresh_from_db()
    assert measure.status == Status.PLANNED


def test_a_measure_cannot_replace_itself():
    measure = MeasureFactory()
    measure.replaced_by = measure
    with pytest.raises(ValidationError):
        measure.full_clean()


def _admin_form(measure: Measure, changes: list[tuple], existing: list = ()) -> dict:
    data = {
        "term": measure.term_id,
        "kind": measure.kind,
        "title_fi": measure.title_fi,
        "title_sv": measure.title_sv,
        "slug_fi": measure.slug_fi,
        "slug_sv": measure.slug_sv,
        "summary_fi": measure.summary_fi,
        "summary_sv": measure.summary_sv,
        "body_fi": "",
        "body_sv": "",
        "ministry_fi": measure.ministry_fi,
        "ministry_sv": measure.ministry_sv,
        "replaced_by": "",
        "status_changes-TOTAL_FORMS": str(len(existing) + len(changes)),
        "status_changes-INITIAL_FORMS": str(len(existing)),
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    rows = [(c.pk, c.status, c.date, c.pk in ()) for c in existing]
    rows += [(None, status, on, False) for status, on in changes]
    for number, (pk, status, on, _delete) in enumerate(rows):
        prefix = f"status_changes-{number}-"
        data.update(
            {
                f"{prefix}id": pk or "",
                f"{prefix}measure": measure.pk,
                f"{prefix}status": status,
                f"{prefix}date": on.isoformat(),
                f"{prefix}note_fi": "",
                f"{prefix}note_sv": "",
            }
        )
    return data


def test_the_admin_keeps_the_status_equal_to_the_latest_change(admin_client):
    measure = MeasureFactory()
    path = reverse("admin:programmes_measure_change", args=[measure.pk])
    data = _admin_form(
        measure,
        [(Status.SUBMITTED, date(2021, 6, 10)), (Status.IN_PREPARATION, date(2020, 3, 1))],
    )
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure.refresh_from_db()
    assert measure.status == Status.SUBMITTED
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.STATUS_CHANGED, object_id=str(measure.pk)
    ).exists()

    # Deleting the latest change in the inline takes the status back to the one before.
    latest, earlier = (
        measure.status_changes.get(status=Status.SUBMITTED),
        measure.status_changes.get(status=Status.IN_PREPARATION),
    )
    data = _admin_form(measure, [], existing=[earlier, latest])
    data["status_changes-1-DELETE"] = "on"
    response = admin_client.post(path, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Status.IN_PREPARATION

    # A future date is an error on the form, not a 500.
    data = _admin_form(measure, [(Status.IN_FORCE, timezone.localdate() + timedelta(days=3))])
    response = admin_client.post(path, data)
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.status == Status.IN_PREPARATION


def test_the_status_change_admin_keeps_the_status_in_step(admin_client):
    measure = MeasureFactory()
    measure_status_change(measure=measure, status=Status.IN_PREPARATION, on=date(2020, 3, 1))
    change = measure_status_change(measure=measure, status=Status.SUBMITTED, on=date(2021, 6, 1))
    # Moving the latest change before the other one makes the other one the latest.
    path = reverse("admin:programmes_measurestatuschange_change", args=[change.pk])
    response = admin_client.post(
        path,
        {
            "measure": measure.pk,
            "status": Status.SUBMITTED,
            "date": "2019-01-01",
            "note_fi": "Käännetty huomautus.",
            "note_sv": "Översatt anteckning.",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.status == Status.IN_PREPARATION
    earlier = measure.status_changes.get(status=Status.IN_PREPARATION)
    delete = reverse("admin:programmes_measurestatuschange_delete", args=[earlier.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    measure.refresh_from_db()
    assert measure.status == Status.SUBMITTED


def test_the_admin_refuses_a_measure_without_swedish_or_replacing_itself(admin_client):
    measure = MeasureFactory()
    path = reverse("admin:programmes_measure_change", args=[measure.pk])
    data = _admin_form(measure, [])
    data["title_sv"] = ""
    data["replaced_by"] = measure.pk
    response = admin_client.post(path, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html


# --- The list --------------------------------------------------------------------------------


@pytest.fixture
def terms():
    sipila = GovernmentTermFactory(
        name_fi="Sipilän hallituskausi",
        name_sv="Sipiläs regeringsperiod",
        prime_minister="Juha Sipilä",
        starts_on=date(2015, 5, 29),
        ends_on=date(2019, 6, 6),
    )
    marin = GovernmentTermFactory(
        name_fi="Marinin hallituskausi",
        name_sv="Marins regeringsperiod",
        prime_minister="Sanna Marin",
        starts_on=date(2019, 6, 6),
        ends_on=date(2023, 6, 20),
    )
    orpo = GovernmentTermFactory(
        name_fi="Orpon hallituskausi",
        name_sv="Orpos regeringsperiod",
        prime_minister="Petteri Orpo",
        starts_on=date(2023, 6, 20),
        note_fi="Sisältöä päivitetään uudelle hallituskaudelle.",
        note_sv="Innehållet uppdateras för den nya regeringsperioden.",
    )
    return SimpleNamespace(sipila=sipila, marin=marin, orpo=orpo)


@pytest.fixture
def measures(terms):
    themes = {theme.number: theme for theme in Theme.objects.all()}
    report = MeasureFactory(
        term=terms.marin,
        kind=Measure.Kind.REPORT,
        title_fi="Selonteko kotoutumisen uudistamisesta",
        title_sv="Redogörelse om integrationsreformen",
    )
    report.themes.set([themes[1]])
    measure_status_change(measure=report, status=Status.SUBMITTED, on=date(2021, 6, 10))
    valko = MeasureFactory(
        term=terms.sipila,
        kind=Measure.Kind.PROGRAMME,
        title_fi="Valtion kotouttamisohjelma",
        title_sv="Statens integrationsprogram",
        replaced_by=report,
    )
    valko.themes.set([themes[2]])
    measure_status_change(measure=valko, status=Status.IN_FORCE, on=date(2016, 9, 8))
    measure_status_change(measure=valko, status=Status.REPLACED, on=date(2021, 6, 10))
    partnership = MeasureFactory(
        term=terms.sipila,
        kind=Measure.Kind.PARTNERSHIP,
        title_fi="Kumppanuusohjelma",
        title_sv="Partnerskapsprogrammet",
    )
    measure_status_change(measure=partnership, status=Status.IN_FORCE, on=date(2016, 6, 1))
    return SimpleNamespace(report=report, valko=valko, partnership=partnership)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_groups_measures_by_term_newest_first_with_the_terms_note(client, measures, lang):
    html = page(client, url("measures:list", lang))
    headings = re.findall(r'<h2 id="term-\d+">(.*?)</h2>', html)
    if lang == "fi":
        assert headings == [
            "Orpon hallituskausi",
            "Marinin hallituskausi",
            "Sipilän hallituskausi",
        ]
        assert "Sisältöä päivitetään uudelle hallituskaudelle." in html
        assert "Hallituksen kotouttamistoimet" in html
    else:
        assert headings == [
            "Orpos regeringsperiod",
            "Marins regeringsperiod",
            "Sipiläs regeringsperiod",
        ]
        assert "Innehållet uppdateras för den nya regeringsperioden." in html
        assert "Regeringens integrationsåtgärder" in html
    sections = html.split('<section class="measure-term"')[1:]
    titles = "title_fi" if lang == "fi" else "title_sv"
    assert getattr(measures.report, titles) in sections[1]
    assert getattr(measures.valko, titles) in sections[2]
    assert getattr(measures.partnership, titles) in sections[2]
    assert measure_url(measures.valko, lang) in sections[2]
    # The replaced programme links to what replaced it.
    assert measure_url(measures.report, lang) in sections[2]


def _titles(html: str) -> list[str]:
    return re.findall(r"<h3><a href=\"[^\"]+\">(.*?)</a></h3>", html)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_force"}, ["Kumppanuusohjelma"]),
        ({"status": "replaced"}, ["Valtion kotouttamisohjelma"]),
        ({"kind": "report"}, ["Selonteko kotoutumisen uudistamisesta"]),
        ({"theme": "2"}, ["Valtion kotouttamisohjelma"]),
        ({"kind": "programme", "status": "in_force"}, []),
    ],
)
def test_the_filters_narrow_the_list(client, measures, params, expected):
    html = page(client, url("measures:list", "fi"), **params)
    assert _titles(html) == expected
    if not expected:
        assert "Rajauksia vastaavia toimia ei löytynyt." in html
    # A filtered list shows only the terms with matching measures.
    assert ("Orpon hallituskausi" in html) is False


@pytest.mark.parametrize(
    "params",
    [
        {"status": "abolished"},
        {"kind": "<script>alert(1)</script>"},
        {"theme": "abc"},
        {"theme": "99999999999999999999"},
        {"theme": "-1"},
        {"status": "in_force\x00"},
        {"theme": "1\x00"},
        {"kind": "x" * 5000},
    ],
)
def test_hostile_filter_values_are_ignored(client, measures, params):
    html = page(client, url("measures:list", "fi"), **params)
    assert len(_titles(html)) == 3
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_list_without_measures_says_so(client, lang):
    html = page(client, url("measures:list", lang))
    assert ("Toimia ei ole vielä lisätty." if lang == "fi" else "Inga åtgärder har") in html


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, url("measures:list", "fi"))
        page(client, url("measures:list", "fi"), status="in_force", theme="1")
    return len(queries)


def test_the_list_takes_as_many_queries_for_twenty_measures_as_for_one(client):
    themes = list(Theme.objects.all())
    terms = [GovernmentTermFactory(starts_on=date(2011 + 4 * n, 6, 1)) for n in range(3)]
    first = MeasureFactory(term=terms[0], replaced_by=None)
    first.themes.set(themes[:2])
    measure_status_change(measure=first, status=Status.IN_FORCE, on=date(2016, 1, 1))
    one = _list_queries(client)
    for number in range(19):
        measure = MeasureFactory(term=terms[number % 3], replaced_by=first)
        measure.themes.set(themes[number % 5 :])
        measure_status_change(measure=measure, status=Status.IN_FORCE, on=date(2017, 1, 1))
    twenty = _list_queries(client)
    assert twenty == one
    assert len(_titles(page(client, url("measures:list", "fi")))) == 20


# --- The detail page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_detail_shows_the_timeline_and_the_replacement_both_ways(client, measures, lang):
    valko, report = measures.valko, measures.report
    html = page(client, measure_url(valko, lang))
    timeline = html.split('class="campaign-history measure-timeline"')[1].split("</ol>")[0]
    assert re.findall(r'<time datetime="([\d-]+)">', timeline) == ["2016-09-08", "2021-06-10"]
    assert ("Voimassa" if lang == "fi" else "I kraft") in timeline
    assert ("Korvattu" if lang == "fi" else "Ersatt") in timeline
    assert measure_url(report, lang) in html
    assert f"{url('measures:list', lang)}#term-{valko.term_id}" in html
    other = page(client, measure_url(report, lang))
    assert measure_url(valko, lang) in other
    assert ("Korvaa" if lang == "fi" else "Ersätter") in other
    assert ("Annettu eduskunnalle" if lang == "fi" else "Överlämnad till riksdagen") in other


def test_the_detail_has_its_slug_and_alternates_in_both_languages(client, measures):
    valko = measures.valko
    fi, sv = measure_url(valko, "fi"), measure_url(valko, "sv")
    assert fi == f"/fi/toimenpiteet/{valko.pk}-valtion-kotouttamisohjelma/"
    assert sv == f"/sv/atgarder/{valko.pk}-statens-integrationsprogram/"
    html = page(client, fi)
    assert re.search(rf'<link rel="alternate" hreflang="sv" href="[^"]*{re.escape(sv)}">', html)
    assert re.search(rf'<link rel="canonical" href="[^"]*{re.escape(fi)}">', html)
    response = client.get(url("measures:detail", "fi", pk=valko.pk))
    assert response.status_code == 301 and response["Location"] == fi
    assert client.get(url("measures:detail", "fi", pk=valko.pk + 1000)).status_code == 404


def test_the_detail_lists_publications_news_and_themes_in_the_page_language(client, measures):
    now = timezone.now()
    publication = PublicationFactory(title_fi="Ohjelmajulkaisu", title_sv="Programpublikation")
    news = NewsItem.objects.create(
        title_fi="Ohjelma hyväksyttiin",
        title_sv="Programmet godkändes",
        published_fi=now - timedelta(days=2),
        published_sv=now + timedelta(days=2),
    )
    valko = measures.valko
    valko.publications.add(publication)
    valko.news.add(news)
    fi = page(client, measure_url(valko, "fi"))
    assert "Ohjelmajulkaisu" in fi and "Ohjelma hyväksyttiin" in fi
    assert "Lasten, nuorten ja perheiden kotoutuminen" in fi
    sv = page(client, measure_url(valko, "sv"))
    assert "Programpublikation" in sv
    # The Swedish edition of the news item is not out yet.
    assert "Programmet godkändes" not in sv


def test_the_detail_marks_text_only_in_the_other_language(client, terms):
    measure = MeasureFactory(term=terms.orpo, body_fi="Vain suomeksi kirjoitettu.", body_sv="")
    html = page(client, measure_url(measure, "sv"))
    assert '<div class="prose" lang="fi">' in html
    assert "Endast på finska" in html


# --- Feed, sitemap, search, cache ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_atom_feed_lists_status_changes_newest_first_per_language(client, measures, lang):
    response = client.get(url("measures:feed", lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 4
    if lang == "fi":
        assert set(titles[:2]) == {
            "Valtion kotouttamisohjelma: korvattu",
            "Selonteko kotoutumisen uudistamisesta: annettu eduskunnalle",
        }
        assert titles[2:] == ["Valtion kotouttamisohjelma: voimassa", "Kumppanuusohjelma: voimassa"]
    else:
        assert set(titles[:2]) == {
            "Statens integrationsprogram: ersatt",
            "Redogörelse om integrationsreformen: överlämnad till riksdagen",
        }
        assert titles[2:] == [
            "Statens integrationsprogram: i kraft",
            "Partnerskapsprogrammet: i kraft",
        ]
    link = feed.entries[0].link
    assert f"/{lang}/" in link and "#status-" in link
    assert feed.entries[-1].updated.startswith("2016-06-01")
    assert url("measures:feed", lang) in response.content.decode()


def test_the_feed_survives_control_characters(client, measures):
    measures.valko.title_fi = "Valko\x01 ohjelma"
    measures.valko.save()
    response = client.get(url("measures:feed", "fi"))
    assert response.status_code == 200
    assert not feedparser.parse(response.content).bozo


def test_the_sitemap_lists_the_list_and_each_measure_with_hreflang(client, measures):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-measures.xml" in index and "sitemap-measure-pages.xml" in index
    xml = client.get("/sitemap-measure-pages.xml").content.decode()
    fi, sv = measure_url(measures.valko, "fi"), measure_url(measures.valko, "sv")
    assert f"<loc>http://testserver{fi}</loc>" in xml
    assert f"<loc>http://testserver{sv}</loc>" in xml
    assert f'hreflang="sv" href="http://testserver{sv}"' in xml
    assert f'hreflang="x-default" href="http://testserver{fi}"' in xml
    assert xml.count("<url>") == 6
    lists = client.get("/sitemap-measures.xml").content.decode()
    assert "<loc>http://testserver/fi/toimenpiteet/</loc>" in lists
    assert 'hreflang="sv" href="http://testserver/sv/atgarder/"' in lists


@pytest.mark.parametrize(
    ("lang", "query", "title"),
    [
        ("fi", "kotouttamisohjelma", "Valtion kotouttamisohjelma"),
        ("sv", "integrationsprogram", "Statens integrationsprogram"),
    ],
)
def test_the_search_finds_a_measure_in_each_language(
    client, postgres, measures, lang, query, title
):
    html = page(client, url("search:search", lang), q=query)
    assert title in text(html)
    assert measure_url(measures.valko, lang) in html


def test_writes_bump_the_measures_topic_and_the_pages_are_public_views(measures):
    before = versions(["measures"])
    measure_status_change(
        measure=measures.partnership, status=Status.COMPLETED, on=timezone.localdate()
    )
    assert versions(["measures"]) != before
    assert {"measures:list", "measures:feed", "measures:detail", "measures:detail_slug"} <= set(
        PUBLIC_VIEWS
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_main_navigation_leads_to_the_measures(client, lang):
    html = page(client, url("home", lang))
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    assert f'href="{url("measures:list", lang)}"' in nav
    assert ("Hallituksen toimet" if lang == "fi" else "Regeringens åtgärder") in nav


# --- The demo --------------------------------------------------------------------------------


def test_the_demo_seeds_three_measures_in_three_terms_idempotently():
    programmes_demo.seed()
    demo_measures.seed()
    demo_measures.seed()
    assert GovernmentTerm.objects.count() == 3
    assert Measure.objects.count() == 3
    names = list(GovernmentTerm.objects.values_list("prime_minister", flat=True))
    assert names[0] == "Petteri Orpo" and "Sanna Marin" in names[1] and names[2] == "Juha Sipilä"
    orpo = GovernmentTerm.objects.first()
    assert orpo.ends_on is None and orpo.note_fi and orpo.note_sv
    valko = Measure.objects.get(title_fi=demo_measures.VALKO)
    report = Measure.objects.get(title_fi=demo_measures.REPORT)
    partnership = Measure.objects.get(title_fi=demo_measures.PARTNERSHIP)
    assert valko.status == Status.REPLACED and valko.replaced_by == report
    assert report.status == Status.SUBMITTED
    assert partnership.status == Status.IN_FORCE
    assert valko.publications.exists() and partnership.publications.exists()
    for measure in (valko, report, partnership):
        assert measure.title_sv and measure.summary_sv and measure.body_fi and measure.body_sv
        latest = measure.status_changes.order_by("-date", "-pk").first()
        assert latest is not None and latest.status == measure.status
    assert MeasureStatusChange.objects.count() == 8
