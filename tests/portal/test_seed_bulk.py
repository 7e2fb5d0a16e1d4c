"""`manage.py seed_bulk` and portal.bulk: deterministic, bilingual, realistic bulk content."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from core import content_versions
from core.models import Municipality
from events.models import Event
from events.selectors import events_past, events_public, events_upcoming
from mailings.models import Subscriber, Subscription
from news.models import NewsItem
from news.selectors import news_public
from pledges.models import Award, Entry, Initiative, Organisation, Partner, Pledge
from pledges.selectors import initiatives_public, partners_confirmed, pledges_public
from portal.bulk import seed_bulk
from themes.models import Theme

pytestmark = pytest.mark.django_db

SMALL = {"pledges": 300, "initiatives": 100, "events": 60, "news": 60, "subscribers": 50}


def titles() -> list[tuple]:
    return list(Pledge.objects.order_by("pk").values_list("title_fi", "title_sv", "text_fi"))


def test_same_seed_writes_the_same_content_and_another_seed_other_content():
    sizes = {"pledges": 40, "initiatives": 10, "events": 5, "news": 5, "subscribers": 0}
    seed_bulk(**sizes, seed=7)
    first = titles()
    first_events = list(Event.objects.order_by("pk").values_list("title_fi", flat=True))

    seed_bulk(**sizes, seed=7, clear=True)

    assert titles() == first
    assert list(Event.objects.order_by("pk").values_list("title_fi", flat=True)) == first_events
    seed_bulk(**sizes, seed=8, clear=True)
    assert titles() != first


def test_entries_are_bilingual_or_in_one_language_with_titles_and_texts_of_varied_length():
    seed_bulk(**SMALL)
    pledges = list(Pledge.objects.all())

    both = [p for p in pledges if p.title_fi and p.title_sv]
    only_fi = [p for p in pledges if p.title_fi and not p.title_sv]
    only_sv = [p for p in pledges if p.title_sv and not p.title_fi]
    assert len(both) > len(pledges) / 2
    assert only_fi and only_sv
    assert len(both) + len(only_fi) + len(only_sv) == len(pledges)
    assert {p.original_language for p in only_fi} == {"fi"}
    assert {p.original_language for p in only_sv} == {"sv"}
    assert {p.original_language for p in both} == {"fi", "sv"}
    for pledge in pledges:
        for language in ("fi", "sv"):
            title = getattr(pledge, f"title_{language}")
            text = getattr(pledge, f"text_{language}")
            assert bool(title) == bool(text)
            if title:
                assert 3 <= len(title.split()) <= 10, title
                assert 1 <= text.count("\n\n") + 1 <= 5
    paragraph_counts = {p.text_fi.count("\n\n") + 1 for p in only_fi + both}
    assert len(paragraph_counts) >= 3
    # Inflected Finnish and definite Swedish forms, as real texts have them.
    all_fi = " ".join(p.text_fi for p in both)
    all_sv = " ".join(p.text_sv for p in both)
    assert "kirjastossa" in all_fi or "kirjaston" in all_fi
    assert "biblioteket" in all_sv
    assert "kommunen" in all_sv
    # Single-language initiatives have partners_sought only in that language.
    for initiative in Initiative.objects.filter(title_sv__isnull=True):
        assert not initiative.partners_sought_sv


def test_every_theme_organisation_type_and_region_appears_among_public_entries():
    seed_bulk(**SMALL)
    public = pledges_public()

    assert set(Theme.objects.filter(pledges__in=public).values_list("number", flat=True)) == {
        1,
        2,
        3,
        4,
        5,
    }
    assert set(
        Theme.objects.filter(initiatives__in=initiatives_public()).values_list("number", flat=True)
    ) == {1, 2, 3, 4, 5}
    assert set(public.values_list("organisation__type", flat=True)) == set(Organisation.Type.values)
    regions = set(Municipality.objects.values_list("region", flat=True))
    assert len(regions) == 19
    used = public.exclude(organisation__region="").values_list("organisation__region", flat=True)
    assert set(used) == regions
    # Organisations sit in their municipality's region; some work nationwide.
    located = Organisation.objects.exclude(municipality=None)
    assert not located.exclude(region=F("municipality__region")).exists()
    assert Organisation.objects.filter(nationwide=True, municipality=None).exists()


def test_public_filter_has_something_to_filter_out():
    seed_bulk(**SMALL)

    public = pledges_public().count()
    assert 0.6 * SMALL["pledges"] < public < SMALL["pledges"]
    statuses = set(Pledge.objects.values_list("status", flat=True))
    assert {Entry.Status.PUBLISHED, Entry.Status.SUBMITTED, Entry.Status.REJECTED} <= statuses
    assert Entry.Status.WITHDRAWN in statuses
    # Published but without consent: not public.
    unconsented = Pledge.objects.filter(
        status=Entry.Status.PUBLISHED, submission__consent_to_publish=False
    )
    assert unconsented.exists()
    assert not pledges_public().filter(pk__in=unconsented).exists()
    assert pledges_public().filter(published_at__isnull=True).count() == 0
    assert 0 < initiatives_public().count() < SMALL["initiatives"]
    # Consent always has its time (the database constraint would refuse otherwise).
    consented = Pledge.objects.filter(submission__consent_to_publish=True)
    assert not consented.filter(submission__consent_given_at=None).exists()
    # Published over several years, never in the future.
    years = {d.year for d in pledges_public().values_list("published_at", flat=True)}
    assert len(years) >= 4
    assert not pledges_public().filter(published_at__gt=timezone.now()).exists()


def test_partners_awards_events_news_and_subscribers():
    seed_bulk(**SMALL)

    confirmed = Partner.objects.filter(status=Partner.Status.CONFIRMED)
    assert confirmed.exists()
    assert Partner.objects.exclude(status=Partner.Status.CONFIRMED).exists()
    entry = initiatives_public().filter(submission__partners__in=confirmed).first()
    assert entry is not None and partners_confirmed(entry).exists()
    award = Award.objects.annotate(n=Count("pledges")).filter(n__gt=0).first()
    assert award is not None and award.name_fi and award.name_sv
    assert set(award.pledges.all()) <= set(pledges_public())

    assert 0 < events_public().count() < SMALL["events"]
    assert events_upcoming().exists() and events_past().exists()
    assert Event.objects.exclude(capacity=None).exists()
    assert not Event.objects.filter(Q(slug_fi="") | Q(slug_fi=None)).exists()

    fi, sv = news_public(language="fi"), news_public(language="sv")
    assert fi.exists() and sv.exists()
    assert fi.filter(published_sv=None).exists()  # a Finnish-only item
    assert sv.filter(published_fi=None).exists()  # a Swedish-only item
    assert fi.count() < NewsItem.objects.count()
    assert not fi.filter(Q(slug_fi="") | Q(slug_fi=None)).exists()

    confirmed_subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    assert confirmed_subscribers.count() > SMALL["subscribers"] / 2
    assert Subscription.objects.filter(
        topic="newsletter", subscriber__in=confirmed_subscribers
    ).exists()
    assert {s.language for s in Subscriber.objects.all()} == {"fi", "sv"}


def test_seeded_entries_show_on_the_public_pages(client):
    seed_bulk(pledges=30, initiatives=10, events=5, news=5, subscribers=0)
    pledge = pledges_public().exclude(title_fi=None).order_by("-published_at", "-pk").first()
    sv_only = pledges_public().filter(title_fi=None).first()

    listing = client.get(reverse("pledges:list"))
    detail = client.get(pledge.get_absolute_url())

    assert listing.status_code == 200
    assert pledge.title_fi in listing.content.decode()
    assert detail.status_code == 200
    assert pledge.title_fi in detail.content.decode()
    if sv_only is not None:  # shown in Swedish on the Finnish page (the fallback)
        assert client.get(sv_only.get_absolute_url()).status_code == 200


def test_seeding_bumps_the_content_versions():
    topics = ["pledges", "initiatives", "events", "news", "themes", "programme"]
    before = {topic: content_versions.versions([topic]) for topic in topics}

    seed_bulk(pledges=3, initiatives=0, events=0, news=0, subscribers=0)

    assert all(content_versions.versions([t]) != before[t] for t in topics)


def test_command_writes_counts_and_clear_replaces_earlier_content():
    out = StringIO()
    call_command("seed_bulk", "--pledges", "20", "--initiatives", "5", "--seed", "3", stdout=out)
    call_command(
        "seed_bulk",
        "--pledges=12",
        "--events=4",
        "--news=3",
        "--subscribers=6",
        "--clear",
        stdout=out,
    )

    assert "Wrote" in out.getvalue() and "20 pledges" in out.getvalue()
    assert Pledge.objects.count() == 12
    assert Initiative.objects.count() == 0
    assert Event.objects.count() == 4
    assert NewsItem.objects.count() == 3
    assert Subscriber.objects.count() == 6


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--pledges", "-1"], "Counts must be zero or more: --pledges -1."),
        (["--news", "-5", "--events", "-2"], "--events -2, --news -5"),
        ([], "Nothing to do"),
    ],
)
def test_command_refuses_bad_counts(arguments, message):
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command("seed_bulk", *arguments)
    assert not Pledge.objects.exists()


def test_command_refuses_a_count_that_is_not_a_number():
    with pytest.raises(CommandError, match="invalid int value"):
        call_command("seed_bulk", "--pledges", "many")


def test_function_refuses_negative_counts():
    with pytest.raises(ValueError, match="pledges must be zero or more"):
        seed_bulk(pledges=-1, initiatives=0, events=0, news=0, subscribers=0)
