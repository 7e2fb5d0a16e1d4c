"""Every public page needs the same number of queries with 1 entry of each kind as with 1,000.

A list or detail page whose query count grows with the rows it shows (an N+1: a missing
select_related or prefetch_related in a view, selector or template tag) is fine in a demo
and slow at national scale. So one world is measured twice: first with one pledge,
initiative, event, news item and newsletter (each with its organisation, municipality,
themes, partners, awards and registrations), then after ~1,000 more of each kind were
bulk-inserted. Each page's count must be the same both times AND equal to the number
recorded in EXPECTED below, so a change that adds a query fails here and has to say why by
changing the table.

The page cache is off and the shared cache is cleared before each measured request, so
what is measured is the first request after a change: every cached aggregate (see
core.content_versions.cached_value) is a miss, every time, and the numbers do not depend
on what an earlier request left behind.
"""

import importlib
from datetime import timedelta
from itertools import cycle, islice

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Municipality
from events.models import Event, Registration
from events.selectors import events_public
from mailings.models import Newsletter
from news.models import NewsItem
from news.selectors import news_public
from pledges.models import Award, Entry, Initiative, Organisation, Partner, Pledge, Submission
from pledges.selectors import initiatives_public, pledges_public
from programmes.models import (
    AnnualTheme,
    Campaign,
    ContactPerson,
    Goal,
    Programme,
    Publication,
    RelatedProgramme,
)
from tests.pledges.factories import municipality
from themes.models import Theme

# The measuring happens once, in the module fixture; the mark makes pytest-django create
# the test database for it.
pytestmark = pytest.mark.django_db
LANGUAGES = ["fi", "sv"]
LARGE = 1000

# Queries per page, the same in Finnish and Swedish, with 1 and with 1,000 entries. Every
# HTML page ends with the footer's contact persons (one query).
EXPECTED = {
    # The programme and what programme_current() prefetches (goals, publications, supports,
    # contacts), the themes, the three cached counts (a miss here), the newest pledges and
    # initiatives, the next events and their confirmed counts, the latest news, the
    # barometer's open or latest closed round, the two cached programme-wide progress
    # figures (a miss here).
    "home": 18,
    "programme": 9,
    "theme_list": 2,
    # The theme, its newest pledges and initiatives, their two cached counts, the two
    # cached programme-wide progress figures, its next events and their confirmed counts.
    "theme_detail": 10,
    # The count, the filter form's themes, municipalities (two) and campaigns, the page of
    # entries with their organisations and campaigns joined, their themes, their awards; a
    # filter on a theme, campaign or municipality validates its value with one more.
    "pledge_list": 9,
    "pledge_list_theme": 10,
    "pledge_list_type": 9,
    "pledge_list_region": 9,
    "pledge_list_municipality": 10,
    "pledge_list_campaign": 10,
    "pledge_list_selected": 9,
    "pledge_list_awarded": 9,
    "pledge_list_sorted": 9,
    "pledge_list_page_2": 9,
    "pledge_list_all_filters": 12,
    # The entry (organisation, municipality, campaign joined), its themes, its awards, its
    # confirmed partners (their organisations and municipalities joined).
    "pledge_detail": 5,
    "pledge_feed": 1,
    "initiative_list": 9,
    "initiative_list_theme": 10,
    "initiative_list_type": 9,
    "initiative_list_region": 9,
    "initiative_list_municipality": 10,
    "initiative_list_campaign": 10,
    "initiative_list_selected": 9,
    "initiative_list_awarded": 9,
    "initiative_list_seeking": 9,
    "initiative_list_stage": 9,
    "initiative_list_sorted": 9,
    "initiative_list_page_2": 9,
    "initiative_detail": 5,
    # The initiative (its submission joined) and the footer's contact people.
    "initiative_join": 2,
    "initiative_feed": 1,
    "participate_form": 4,
    # The count, the page of events with their registration counts annotated, their themes.
    "event_list": 5,
    "event_list_past": 5,
    "event_list_kind": 5,
    "event_list_theme": 6,
    "event_list_region": 5,
    "event_list_page_2": 5,
    "event_detail": 4,
    "event_register": 4,
    "event_ics": 2,
    "event_calendar": 1,
    "news_list": 3,
    "news_list_kind": 3,
    "news_list_page_2": 3,
    "news_detail": 4,
    "news_feed": 1,
    "newsletter_subscribe": 2,
    "newsletter_archive": 2,
    "newsletter_archive_detail": 2,
    "accessibility": 1,
    "accessibility_thanks": 1,
    "privacy": 1,
}


# --- The world -------------------------------------------------------------------------


def five_themes() -> list[Theme]:
    """The five themes as their data migration creates them (a flush may have removed them)."""
    migration = importlib.import_module("themes.migrations.0002_the_five_themes")
    with translation.override(settings.LANGUAGE_CODE):
        for data in migration.THEMES:
            Theme.objects.update_or_create(number=data["number"], defaults=dict(data))
    return list(Theme.objects.order_by("number"))


class World:
    """What the pages show: the objects every address is built from, grown in place."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.themes = five_themes()
        self.home = municipality("837")  # Tampere, in Pirkanmaa
        self.municipalities = list(Municipality.objects.order_by("code")[:40])
        self.programme = Programme.objects.create(
            name_fi="Kotouttamisen kumppanuusohjelma",
            name_sv="Partnerskapsprogrammet för integrationsfrämjande",
            summary_fi="Ohjelma kokoaa toimijat yhteen.",
            summary_sv="Programmet för samman aktörerna.",
            coordinator_fi="Työ- ja elinkeinoministeriö",
            coordinator_sv="Arbets- och näringsministeriet",
        )
        self.campaign = Campaign.objects.create(
            name_fi="Kumppanuuskampanja",
            name_sv="Partnerskapskampanj",
            opens_at=self.now - timedelta(days=10),
            closes_at=self.now + timedelta(days=20),
            hashtag="kotoutuminen2026",
        )
        self.campaigns = [self.campaign]
        self.awards: list[Award] = []
        self.contacts: list[ContactPerson] = []
        self.pledges: list[Pledge] = []
        self.initiatives: list[Initiative] = []
        self.events: list[Event] = []
        self.news: list[NewsItem] = []
        self.newsletters: list[Newsletter] = []
        self.serial = 0

    def grow(self, count: int) -> None:
        """Add `count` of each kind (the first call makes the ones the detail pages show)."""
        start, self.serial = self.serial, self.serial + count
        self._programme(start, count)
        self._awards(start, count)
        self.pledges += self._entries(Pledge, start, count)
        self.initiatives += self._entries(Initiative, start, count)
        self._events(start, count)
        self._news(start, count)
        self._newsletters(start, count)
        if start:
            self._detail_extras()

    # The programme page's history: a few more per year, not a thousand.
    def _programme(self, start: int, count: int) -> None:
        few = min(count, 30)
        year = self.now.year
        Goal.objects.bulk_create(
            Goal(programme=self.programme, position=start + i, text_fi=f"Tavoite {start + i}")
            for i in range(few)
        )
        AnnualTheme.objects.bulk_create(
            AnnualTheme(
                programme=self.programme,
                year=year - start - i,
                title_fi=f"Vuoden teema {year - start - i}",
                title_sv=f"Årets tema {year - start - i}",
            )
            for i in range(few)
        )
        Publication.objects.bulk_create(
            Publication(
                programme=self.programme,
                title_fi=f"Julkaisu {start + i}",
                year=2016,
                url="https://julkaisut.example.fi/julkaisu.pdf",
                in_finnish=True,
                in_swedish=bool(i % 2),
            )
            for i in range(few)
        )
        self.contacts += ContactPerson.objects.bulk_create(
            ContactPerson(
                programme=self.programme,
                position=start + i,
                name=f"Anna Esimerkki {start + i}",
                title_fi="Neuvotteleva virkamies",
                title_sv="Konsultativ tjänsteman",
                email=f"anna{start + i}@example.fi",
            )
            for i in range(few)
        )
        supports = RelatedProgramme.objects.bulk_create(
            RelatedProgramme(name_fi=f"Hallitusohjelma {start + i}") for i in range(few)
        )
        self.programme.supports.add(*supports)
        self.campaigns += Campaign.objects.bulk_create(
            Campaign(
                name_fi=f"Kampanja {start + i}",
                name_sv=f"Kampanj {start + i}",
                opens_at=self.now - timedelta(days=400 + 30 * (start + i)),
                closes_at=self.now - timedelta(days=380 + 30 * (start + i)),
                hashtag=f"kampanja{start + i}",
            )
            for i in range(few)
        )

    def _awards(self, start: int, count: int) -> None:
        self.awards += Award.objects.bulk_create(
            Award(
                name_fi=f"Vuoden kumppanuusteko {start + i}",
                name_sv=f"Årets partnerskapsgärning {start + i}",
                year=2026 - i,
                campaign=self.campaign,
                reasoning_fi="Esimerkillinen yhteistyö.",
            )
            for i in range(min(count, 10))
        )

    def _organisations(self, start: int, count: int, prefix: str) -> list[Organisation]:
        """The first one is the one every filter of the small world matches."""
        types = cycle(Organisation.Type.values)
        places = cycle(self.municipalities)
        organisations = []
        for i in range(count):
            first = start + i == 0
            nationwide = not first and i % 9 == 0
            place = self.home if first else next(places)
            organisations.append(
                Organisation(
                    name=f"{prefix} {start + i}",
                    type=Organisation.Type.ASSOCIATION if first else next(types),
                    municipality=None if nationwide else place,
                    nationwide=nationwide,
                    region="" if nationwide else place.region,
                )
            )
        return Organisation.objects.bulk_create(organisations)

    def _entries(self, model: type[Entry], start: int, count: int) -> list[Entry]:
        organisations = self._organisations(start, count, f"{model.__name__} Oy")
        campaigns = list(islice(cycle(self.campaigns), count))
        submissions = Submission.objects.bulk_create(
            Submission(
                organisation=organisation,
                campaign=campaign,
                contact_name="Maija Meikäläinen",
                contact_email=f"yhteys{start + i}@example.fi",
                language="fi",
                consent_to_publish=True,
                consent_given_at=self.now,
                consent_text_version="2026-1",
            )
            for i, (organisation, campaign) in enumerate(zip(organisations, campaigns, strict=True))
        )
        extra = (
            {"stage": Initiative.Stage.IDEA, "seeking_partners": True}
            if model is Initiative
            else {}
        )
        entries = model.objects.bulk_create(
            model(
                submission=submission,
                organisation=submission.organisation,
                campaign=submission.campaign,
                title_fi=f"{model.__name__} {start + i}",
                # Every third one only in Finnish: the lists show the "only in" notes too.
                title_sv="" if i % 3 == 2 else f"{model.__name__} på svenska {start + i}",
                text_fi="Järjestämme joka viikko kielikahvilan kirjastossa.",
                original_language="fi",
                status=Entry.Status.PUBLISHED,
                selected=i % 4 == 0,
                published_at=self.now - timedelta(minutes=start + i),
                **extra,
            )
            for i, submission in enumerate(submissions)
        )
        # The first entry carries all five themes, so every theme page lists it.
        model.themes.through.objects.bulk_create(
            model.themes.through(**{f"{model._meta.model_name}_id": entry.pk, "theme_id": t.pk})
            for i, entry in enumerate(entries)
            for t in (self.themes if start + i == 0 else self.themes[i % 5 : i % 5 + 1 + i % 2])
        )
        awarded = Award.pledges.through if model is Pledge else Award.initiatives.through
        awarded.objects.bulk_create(
            awarded(**{f"{model._meta.model_name}_id": entry.pk, "award_id": award.pk})
            for i, entry in enumerate(entries)
            if i % 5 == 0
            for award in self.awards[i % len(self.awards) :][:2]
        )
        partners = self._organisations(start, count, f"Kumppani {model.__name__}")
        Partner.objects.bulk_create(
            Partner(
                submission=submission,
                organisation=partner,
                contact_email=f"kumppani{start + i}@example.fi",
                status=Partner.Status.CONFIRMED if i % 7 else Partner.Status.PENDING,
            )
            for i, (submission, partner) in enumerate(zip(submissions, partners, strict=True))
        )
        # The pending one of the first submission is not public; give it a confirmed one.
        if start == 0:
            Partner.objects.filter(submission=submissions[0]).update(
                status=Partner.Status.CONFIRMED
            )
        return entries

    def _events(self, start: int, count: int) -> None:
        count = max(count, 2 - start)  # one upcoming and one past event from the start
        events = []
        regions = cycle(self.municipalities)
        for i in range(count):
            # The first two are an upcoming and a past one; after that, half and half.
            days = 10 + i if i % 2 == 0 else -10 - i
            starts = self.now + timedelta(days=days)
            first = start + i < 2
            region = "pirkanmaa" if first else next(regions).region
            events.append(
                Event(
                    title_fi=f"Infotilaisuus {start + i}",
                    title_sv=f"Informationsmöte {start + i}",
                    slug_fi=f"infotilaisuus-{start + i}",
                    slug_sv=f"informationsmote-{start + i}",
                    description_fi="Tervetuloa kuulemaan kumppanuusohjelmasta.",
                    kind=Event.Kind.INFO_SESSION if first else Event.Kind.values[i % 5],
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    place_fi="Kaupungintalo",
                    address_fi="Esimerkkikatu 1, Tampere",
                    in_swedish=bool(i % 2),
                    scope=Event.Scope.REGIONAL,
                    region=region,
                    organiser_fi="Työ- ja elinkeinoministeriö",
                    capacity=None if i % 3 == 0 and not first else 50,
                    is_published=True,
                )
            )
        events = Event.objects.bulk_create(events)
        self.events += events
        Event.themes.through.objects.bulk_create(
            Event.themes.through(event_id=event.pk, theme_id=theme.pk)
            for i, event in enumerate(events)
            for theme in (self.themes if start + i < 2 else self.themes[i % 5 : i % 5 + 1])
        )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name=f"Osallistuja {n}",
                email=f"osallistuja{start + i}-{n}@example.fi",
                status=Registration.Status.CONFIRMED if n else Registration.Status.WAITING,
            )
            for i, event in enumerate(events)
            for n in range(1 if start + i < 2 else 3)
        )

    def _news(self, start: int, count: int) -> None:
        news = NewsItem.objects.bulk_create(
            NewsItem(
                kind=NewsItem.Kind.NEWS if i % 2 == 0 else NewsItem.Kind.PRESS_RELEASE,
                title_fi=f"Uutinen {start + i}",
                title_sv=f"Nyhet {start + i}",
                slug_fi=f"uutinen-{start + i}",
                slug_sv=f"nyhet-{start + i}",
                lead_fi="Ingressi suomeksi.",
                lead_sv="Ingress på svenska.",
                body_fi="Leipäteksti.",
                body_sv="Brödtext.",
                published_fi=self.now - timedelta(hours=start + i + 1),
                published_sv=self.now - timedelta(hours=start + i + 1),
            )
            for i in range(count)
        )
        self.news += news
        NewsItem.themes.through.objects.bulk_create(
            NewsItem.themes.through(newsitem_id=item.pk, theme_id=self.themes[i % 5].pk)
            for i, item in enumerate(news)
        )
        NewsItem.contacts.through.objects.bulk_create(
            NewsItem.contacts.through(newsitem_id=item.pk, contactperson_id=self.contacts[0].pk)
            for item in news
        )

    def _newsletters(self, start: int, count: int) -> None:
        self.newsletters += Newsletter.objects.bulk_create(
            Newsletter(
                subject_fi=f"Uutiskirje {start + i}",
                subject_sv=f"Nyhetsbrev {start + i}",
                body_fi="# Otsikko\n\nTekstiä.",
                body_sv="# Rubrik\n\nText.",
                status=Newsletter.Status.SENT,
                sent_at=self.now - timedelta(days=start + i),
            )
            for i in range(min(count, 100))
        )

    def _detail_extras(self) -> None:
        """The entries, event and news item of the detail pages get many of what they show."""
        for entry in (self.pledges[0], self.initiatives[0]):
            entry.awards.add(*self.awards)
            partners = self._organisations(self.serial, 40, "Lisäkumppani")
            self.serial += 40
            Partner.objects.bulk_create(
                Partner(
                    submission_id=entry.submission_id,
                    organisation=partner,
                    contact_email="lisa@example.fi",
                    status=Partner.Status.CONFIRMED,
                )
                for partner in partners
            )
        Registration.objects.bulk_create(
            Registration(
                event=self.events[0],
                name=f"Lisäosallistuja {n}",
                email=f"lisa{n}@example.fi",
                status=Registration.Status.CONFIRMED if n < 50 else Registration.Status.WAITING,
            )
            for n in range(200)
        )
        self.news[0].contacts.add(*self.contacts)
        self.news[0].themes.set(self.themes)


# --- The pages -------------------------------------------------------------------------


def pages(world: World, lang: str) -> dict[str, str]:
    """Every public page of the site (search and sitemaps are measured elsewhere)."""
    pledge, initiative, event, item = (
        world.pledges[0],
        world.initiatives[0],
        world.events[0],
        world.news[0],
    )
    theme = world.themes[0]
    filters = {
        "theme": f"theme={theme.pk}",
        "type": "type=association",
        "region": "region=pirkanmaa",
        "municipality": f"municipality={world.home.pk}",
        "campaign": f"campaign={world.campaign.pk}",
        "selected": "selected=1",
        "awarded": "awarded=1",
        "sorted": "sort=title",
        "page_2": "page=2",
    }
    with translation.override(lang):
        urls = {
            "home": reverse("home"),
            "programme": reverse("programmes:programme"),
            "theme_list": reverse("themes:list"),
            "pledge_detail": pledge.get_absolute_url(),
            "pledge_feed": reverse("pledges:feed"),
            "initiative_detail": initiative.get_absolute_url(),
            "initiative_join": reverse("initiatives:join", kwargs={"pk": initiative.pk}),
            "initiative_feed": reverse("initiatives:feed"),
            "participate_form": reverse("participate:form"),
            "event_detail": event.get_absolute_url(),
            "event_register": reverse("events:register", kwargs={"pk": event.pk}),
            "event_ics": reverse("events:ics", kwargs={"pk": event.pk}),
            "event_calendar": reverse("events:calendar"),
            "news_detail": item.get_absolute_url(),
            "news_feed": reverse("news:feed"),
            "newsletter_subscribe": reverse("newsletter:subscribe"),
            "newsletter_archive": reverse("newsletter:archive"),
            "newsletter_archive_detail": reverse(
                "newsletter:archive_detail", kwargs={"pk": world.newsletters[0].pk}
            ),
            "accessibility": reverse("accessibility"),
            "accessibility_thanks": reverse("accessibility_thanks"),
            "privacy": reverse("privacy"),
        }
        for number, each in enumerate(world.themes, start=1):
            urls[f"theme_detail:{number}"] = each.get_absolute_url()
        for kind in ("pledge", "initiative"):
            base = reverse(f"{kind}s:list")
            urls[f"{kind}_list"] = base
            for name, query in filters.items():
                urls[f"{kind}_list_{name}"] = f"{base}?{query}"
        urls["pledge_list_all_filters"] = (
            reverse("pledges:list") + "?" + "&".join(filters[name] for name in filters)
        )
        urls["initiative_list_seeking"] = reverse("initiatives:list") + "?seeking=1"
        urls["initiative_list_stage"] = reverse("initiatives:list") + "?stage=idea"
        events = reverse("events:list")
        urls |= {
            "event_list": events,
            "event_list_past": f"{events}?when=past",
            "event_list_kind": f"{events}?when=upcoming&kind=info",
            "event_list_theme": f"{events}?when=upcoming&theme={theme.number}",
            "event_list_region": f"{events}?when=upcoming&region=pirkanmaa",
            "event_list_page_2": f"{events}?when=upcoming&page=2",
        }
        news = reverse("news:list")
        urls |= {
            "news_list": news,
            "news_list_kind": f"{news}?kind=news",
            "news_list_page_2": f"{news}?page=2",
        }
    return urls


def page_key(name: str) -> str:
    """The row of EXPECTED: the five theme pages share one."""
    return name.split(":")[0]


def measure(url: str) -> tuple[int, list[str]]:
    """Queries of the first request for `url` after the cache was emptied (and the status)."""
    cache.clear()
    client = Client()  # no cookies from an earlier request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    sql = [query["sql"] for query in queries.captured_queries]
    return response.status_code, sql


def measure_all(world: World) -> dict[tuple[str, str], tuple[int, list[str]]]:
    return {
        (name, lang): measure(url) for lang in LANGUAGES for name, url in pages(world, lang).items()
    }


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """Counts with one entry of each kind, then with a thousand; rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE_TIMEOUT=0),
        transaction.atomic(),
    ):
        world = World()
        world.grow(1)
        small = measure_all(world)
        world.grow(LARGE - 1)
        large = measure_all(world)
        names = sorted(pages(world, "fi"))
        sizes = {
            "pledges": pledges_public().count(),
            "initiatives": initiatives_public().count(),
            "events": events_public().count(),
            "news": news_public(language="sv").count(),
        }
        transaction.set_rollback(True)
    cache.clear()
    return {"names": names, "sizes": sizes, "small": small, "large": large}


def _page_names() -> list[str]:
    names = [name for name in EXPECTED if name != "theme_detail"]
    return names + [f"theme_detail:{number}" for number in range(1, 6)]


def test_every_page_is_measured_at_national_scale(measured):
    assert sorted(measured["names"]) == sorted(_page_names())
    assert measured["sizes"] == {
        "pledges": LARGE,
        "initiatives": LARGE,
        "events": LARGE + 1,
        "news": LARGE,
    }


def _sql(queries: list[str]) -> str:
    return "\n".join(f"  {number}. {sql[:300]}" for number, sql in enumerate(queries, 1))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", _page_names())
def test_query_count_is_constant_and_recorded(measured, name, lang):
    (status_one, one_sql), (status_many, many_sql) = (
        measured["small"][name, lang],
        measured["large"][name, lang],
    )
    assert (status_one, status_many) == (200, 200)
    one, many = len(one_sql), len(many_sql)
    assert one == many, (
        f"{name} ({lang}): {one} queries with 1 entry, {many} with {LARGE}:\n"
        f"with 1:\n{_sql(one_sql)}\nwith {LARGE}:\n{_sql(many_sql)}"
    )
    assert many == EXPECTED[page_key(name)], (
        f"{name} ({lang}) needs {many} queries, the table says {EXPECTED[page_key(name)]}:\n"
        f"{_sql(many_sql)}"
    )
