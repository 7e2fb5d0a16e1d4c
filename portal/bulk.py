"""Bulk content for benchmarks: national-scale pledges, initiatives, events, news, subscribers.

`seed_bulk()` writes tens of thousands of realistic rows in a minute. It is not the demo
(`manage.py seed_demo`, a few hand-written rows that people edit); it exists to measure list
pages, search, sitemaps and the newsletter at the size the portal must handle. Everything
follows from `random.Random(seed)`, so two runs with the same seed write the same texts.

Rows go in with `bulk_create`, never `save()`: no signals, no per-row queries. That is safe
because nothing here needs them: slugs are written explicitly, and whatever other columns the
database maintains itself (search vectors) it maintains for bulk inserts too. Texts are
generated from the aligned Finnish and Swedish phrases in `portal.bulk_words`.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from core import content_versions
from portal import bulk_words as words

HELSINKI = ZoneInfo("Europe/Helsinki")
BATCH_SIZE = 1000
# Rows generated and written per round: keeps memory flat however many are asked for.
CHUNK = 5000
# Big cities get a larger share of organisations, as in reality.
BIG_CITY_CODES = ["091", "049", "837", "092", "564", "853", "179", "297", "398", "609", "905"]
CAMPAIGN_YEARS = 8

# (status, consent to publish, weight): mostly public, the rest so that the public filter
# (published AND consented) has something to filter out.
STATUS_MIX = [
    ("published", True, 80),
    ("published", False, 4),
    ("submitted", True, 6),
    ("in_review", True, 3),
    ("rejected", True, 3),
    ("withdrawn", True, 4),
]
# Which languages an entry has: both, Finnish only, Swedish only.
LANGUAGE_MIX = [(("fi", "sv"), 70), (("fi",), 20), (("sv",), 10)]


@dataclass
class Counts:
    organisations: int = 0
    pledges: int = 0
    initiatives: int = 0
    partners: int = 0
    awards: int = 0
    events: int = 0
    news: int = 0
    subscribers: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class Texts:
    """Bilingual titles and texts from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, pairs: list[tuple[str, str]]) -> tuple[str, str]:
        return pairs[self.rng.randrange(len(pairs))]

    def sentence(self, *, pledge: bool = False) -> tuple[str, str]:
        rng, pick = self.rng, self.pick
        kind = rng.randrange(9 if pledge else 8)
        if kind <= 1:
            (s_fi, s_sv), (v_fi, v_sv), (o_fi, o_sv) = (
                pick(words.SUBJECTS),
                pick(words.VERBS),
                pick(words.OBJECTS),
            )
            (a_fi, a_sv), (p_fi, p_sv), (t_fi, t_sv) = (
                pick(words.AUDIENCES),
                pick(words.PLACES),
                pick(words.TIMES),
            )
            if kind == 0:
                return (
                    f"{s_fi} {v_fi} {o_fi} {a_fi} {p_fi} {t_fi}.",
                    f"{s_sv} {v_sv} {o_sv} {a_sv} {p_sv} {t_sv}.",
                )
            # Time first: Swedish puts the verb second (V2), Finnish keeps its order.
            return (
                f"{_cap(t_fi)} {_lower(s_fi)} {v_fi} {o_fi} {a_fi} {p_fi}.",
                f"{_cap(t_sv)} {v_sv} {_lower(s_sv)} {o_sv} {a_sv} {p_sv}.",
            )
        if kind == 2:
            (s_fi, s_sv), (v_fi, v_sv), (o_fi, o_sv) = (
                pick(words.SUBJECTS),
                pick(words.VERBS),
                pick(words.OBJECTS),
            )
            (w_fi, w_sv), (u_fi, u_sv) = pick(words.PARTNERS), pick(words.PURPOSES)
            return f"{s_fi} {v_fi} {o_fi} {w_fi}, {u_fi}.", f"{s_sv} {v_sv} {o_sv} {w_sv}, {u_sv}."
        if kind == 3:
            g_fi, g_sv = pick(words.GOALS)
            return f"Tavoitteena on {g_fi}.", f"Målet är att {g_sv}."
        if kind == 4:
            n = rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300])
            p_fi, p_sv = pick(words.PARTICIPANTS)
            return (
                f"Toimintaan osallistuu vuosittain noin {n} {p_fi}.",
                f"Varje år deltar omkring {n} {p_sv} i verksamheten.",
            )
        if kind == 5:
            (e_fi, e_sv), (j_fi, j_sv) = pick(words.EXPERIENCES), pick(words.ADJECTIVES)
            return (
                f"Kokemukset {e_fi} ovat olleet {j_fi}.",
                f"Erfarenheterna av {e_sv} har varit {j_sv}.",
            )
        if kind == 6:
            w_fi, w_sv = pick(words.WANTS)
            return f"Haluamme {w_fi}.", f"Vi vill {w_sv}."
        if kind == 7:
            (o_fi, o_sv), (w_fi, w_sv) = pick(words.OBJECTS), pick(words.PARTNERS)
            return (
                f"{_cap(w_fi)} tarjolla on myös {o_fi}.",
                f"{_cap(w_sv)} erbjuds också {o_sv}.",
            )
        (c_fi, c_sv), (t_fi, t_sv) = pick(words.COMMITMENTS), pick(words.TIMES)
        return f"Sitoudumme {c_fi} {t_fi}.", f"Vi förbinder oss att {c_sv} {t_sv}."

    def paragraphs(self, low: int, high: int, *, pledge: bool = False) -> tuple[str, str]:
        """`low`–`high` paragraphs (fewer more often) of 2–5 sentences each."""
        rng = self.rng
        count = min(high, low + int(rng.expovariate(0.9)))
        fi, sv = [], []
        for _ in range(count):
            sentences = [self.sentence(pledge=pledge) for _ in range(rng.randint(2, 5))]
            fi.append(" ".join(s[0] for s in sentences))
            sv.append(" ".join(s[1] for s in sentences))
        return "\n\n".join(fi), "\n\n".join(sv)

    def title(
        self, place: tuple[str, str] | None = None, prefix: tuple[str, str] | None = None
    ) -> tuple[str, str]:
        """3–10 words: an activity, for whom, and often where or with whom.

        Whole phrases are dropped from the end to stay within ten words, never cut halfway.
        """
        rng, pick = self.rng, self.pick
        parts = [pick(words.TITLE_NOUNS), pick(words.AUDIENCES)]
        extra = rng.random()
        if extra < 0.45:
            parts.append(pick(words.PLACES))
        elif extra < 0.65:
            parts.append(pick(words.PARTNERS))
        elif extra < 0.75:
            parts.append(pick(words.TIMES))
        if len(f"{parts[0][0]} {parts[1][0]}".split()) + len(parts) - 2 < 3:
            parts.append(pick(words.PLACES))  # "Kielikahvila nuorille" alone is too short
        if place and rng.random() < 0.3:
            parts.append((f"– {place[0]}", f"– {place[1]}"))
        if prefix:
            parts.insert(0, (f"{prefix[0]}:", f"{prefix[1]}:"))
        titles = []
        for index in (0, 1):
            phrases = [part[index] for part in parts]
            while len(phrases) > 2 and len(" ".join(phrases).split()) > 10:
                phrases.pop()
            titles.append(" ".join(phrases))
        return titles[0], titles[1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _weighted(rng: random.Random, choices: list[tuple]) -> tuple:
    """One of `choices`, whose last element is its weight; the rest is returned."""
    total = sum(choice[-1] for choice in choices)
    point = rng.uniform(0, total)
    for choice in choices:
        point -= choice[-1]
        if point <= 0:
            return choice[:-1]
    return choices[-1][:-1]


def _in_chunks(total: int) -> Iterator[range]:
    for start in range(0, total, CHUNK):
        yield range(start, min(start + CHUNK, total))


# -- reference rows -------------------------------------------------------------------------


def _themes() -> list:
    """The five themes; created from the themes migration's data if a database lacks them."""
    from themes.models import Theme

    themes = list(Theme.objects.order_by("number"))
    if len(themes) < 5:
        data = import_module("themes.migrations.0002_the_five_themes").THEMES
        present = {theme.number for theme in themes}
        with translation.override("fi"):
            Theme.objects.bulk_create(
                Theme(**row, name=row["name_fi"], slug=row["slug_fi"], summary=row["summary_fi"])
                for row in data
                if row["number"] not in present
            )
        themes = list(Theme.objects.order_by("number"))
    return themes


def _campaigns(now: datetime) -> list:
    """One closed campaign a year for the past years, plus every campaign that has opened."""
    from programmes.models import Campaign

    for year in range(now.year - CAMPAIGN_YEARS, now.year):
        Campaign.objects.get_or_create(
            hashtag=f"kumppanuus{year}",
            defaults={
                "name": f"Kumppanuuskampanja {year}",
                "name_fi": f"Kumppanuuskampanja {year}",
                "name_sv": f"Partnerskapskampanjen {year}",
                "description_fi": "Kerro, mitä organisaatiosi tekee kotoutumisen hyväksi.",
                "description_sv": "Berätta vad din organisation gör för integrationen.",
                "opens_at": datetime(year, 3, 1, 9, tzinfo=HELSINKI),
                "closes_at": datetime(year, 5, 31, 16, tzinfo=HELSINKI),
            },
        )
    return list(Campaign.objects.filter(opens_at__lt=now).order_by("opens_at", "pk"))


def _municipalities(rng: random.Random) -> tuple[list, list]:
    """All municipalities, with one per region first so that every region gets used."""
    from core.models import Municipality

    municipalities = list(Municipality.objects.order_by("code"))
    by_region: dict[str, list] = {}
    for municipality in municipalities:
        by_region.setdefault(municipality.region, []).append(municipality)
    first = [rng.choice(by_region[region]) for region in sorted(by_region)]
    big = [m for m in municipalities if m.code in BIG_CITY_CODES]
    return first + rng.sample(municipalities, len(municipalities)), big or municipalities


def _organisation_name(texts: Texts, kind: str, place: tuple[str, str], language: str) -> str:
    pick, rng = texts.pick, texts.rng
    index = 0 if language == "fi" else 1
    if kind == "association":
        adjective, noun = pick(words.ORG_ADJECTIVES), pick(words.ORG_ASSOCIATIONS)
        if language == "fi":
            return f"{adjective[0]} {noun[0].lower()} ry"
        return f"{adjective[1]} {noun[1]} rf"
    if kind == "immigrant_association":
        return f"{pick(words.ORG_IMMIGRANT)[index]} {'ry' if language == 'fi' else 'rf'}"
    if kind == "company":
        industry = pick(words.INDUSTRIES)[index]
        return f"{rng.choice(words.SURNAMES)} {industry} {'Oy' if language == 'fi' else 'Ab'}"
    if kind == "municipality":
        suffix = ("kotouttamispalvelut", "integrationstjänster")[index]
        return f"{place[index]}, {suffix}"
    if kind == "state_authority":
        return pick(words.ORG_STATE)[index]
    pool = {
        "religious_community": words.ORG_RELIGIOUS,
        "educational_institution": words.ORG_EDUCATIONAL,
    }.get(kind, words.ORG_OTHER)
    return f"{pick(pool)[index]}, {place[index]}"


def _organisations(rng: random.Random, texts: Texts, count: int) -> list:
    from pledges.models import Organisation

    types = list(Organisation.Type.values)
    ordered, big = _municipalities(rng)
    # One municipality of each region first, then all of them, then mostly big cities.
    in_order = iter(ordered)
    rows = []
    for index in range(count):
        kind = types[index % len(types)] if index < len(types) else rng.choice(types)
        roll = rng.random()
        municipality = None
        nationwide = False
        if kind == "state_authority" or roll < 0.04:
            nationwide = True
        elif roll < 0.06 or not ordered:
            pass  # the municipality is not known (an old free-text value)
        else:
            municipality = next(in_order, None) or (
                rng.choice(big) if roll < 0.4 else rng.choice(ordered)
            )
        place = (
            (municipality.name_fi, municipality.name_sv) if municipality else ("Suomi", "Finland")
        )
        language = "sv" if rng.random() < 0.25 else "fi"
        rows.append(
            Organisation(
                name=_organisation_name(texts, kind, place, language),
                type=kind,
                municipality=municipality,
                nationwide=nationwide,
                region=municipality.region if municipality else "",
                website=f"https://org{index + 1}.example.fi/" if rng.random() < 0.6 else "",
            )
        )
    return Organisation.objects.bulk_create(rows, batch_size=BATCH_SIZE)


# -- entries --------------------------------------------------------------------------------


@dataclass
class EntryPlan:
    """What one pledge or initiative will be, decided before its rows are built."""

    organisation: object
    campaign: object
    status: str
    consent: bool
    languages: tuple[str, ...]
    original: str
    published_at: datetime | None


def _plan(rng: random.Random, index: int, organisations: list, campaigns: list, now) -> EntryPlan:
    # The first entries take the organisations in order, so every type and region is used.
    organisation = organisations[index] if index < len(organisations) else rng.choice(organisations)
    campaign = rng.choice(campaigns)
    status, consent = _weighted(rng, STATUS_MIX)
    (languages,) = _weighted(rng, LANGUAGE_MIX)
    original = languages[0] if len(languages) == 1 else ("sv" if rng.random() < 0.25 else "fi")
    published_at = None
    if status in ("published", "withdrawn"):
        published_at = min(
            campaign.opens_at + timedelta(days=rng.uniform(3, 150)),
            now - timedelta(hours=rng.uniform(1, 48)),
        )
    return EntryPlan(organisation, campaign, status, consent, languages, original, published_at)


def _entries(
    *,
    model,
    total: int,
    rng: random.Random,
    texts: Texts,
    organisations: list,
    campaigns: list,
    themes: list,
    now: datetime,
    counts: Counts,
    start_index: int = 0,
) -> list:
    """Write `total` entries of `model` with their submissions, themes and partners.

    Returns (entry id, campaign id) of the public ones, for the awards.
    """
    from pledges.models import Initiative, Partner, Submission
    from pledges.services import CONSENT_TEXT_VERSION

    is_initiative = model is Initiative
    through = model.themes.through
    entry_fk = f"{model._meta.model_name}_id"
    public = []
    for chunk in _in_chunks(total):
        plans = [_plan(rng, start_index + i, organisations, campaigns, now) for i in chunk]
        submissions = []
        for i, plan in zip(chunk, plans, strict=True):
            given = plan.campaign.opens_at + timedelta(days=rng.uniform(0, 60))
            first = rng.choice(words.FIRST_NAMES)
            last = rng.choice(words.SURNAMES)
            submissions.append(
                Submission(
                    organisation=plan.organisation,
                    campaign=plan.campaign,
                    contact_name=f"{first} {last}",
                    contact_email=f"{slugify(first)}.{slugify(last)}.{i}@example.fi",
                    language=plan.original,
                    consent_to_publish=plan.consent,
                    consent_given_at=given if plan.consent else None,
                    consent_text_version=CONSENT_TEXT_VERSION if plan.consent else "",
                    contact_confirmed_at=given if rng.random() < 0.9 else None,
                )
            )
        submissions = Submission.objects.bulk_create(submissions, batch_size=BATCH_SIZE)

        entries = []
        for plan, submission in zip(plans, submissions, strict=True):
            municipality = plan.organisation.municipality
            place = (municipality.name_fi, municipality.name_sv) if municipality else None
            title = texts.title(place)
            text = texts.paragraphs(1, 5, pledge=not is_initiative)
            fields = {}
            for code in plan.languages:
                index = 0 if code == "fi" else 1
                fields[f"title_{code}"] = title[index]
                fields[f"text_{code}"] = text[index][:5000]
            if is_initiative:
                if rng.random() < 0.7:
                    sought = texts.pick(words.PARTNERS_SOUGHT)
                    for code in plan.languages:
                        fields[f"partners_sought_{code}"] = sought[0 if code == "fi" else 1]
                fields["seeking_partners"] = rng.random() < 0.5
                fields["stage"] = rng.choice(["idea", "under_way", "under_way", "implemented"])
            entries.append(
                model(
                    submission=submission,
                    organisation=plan.organisation,
                    campaign=plan.campaign,
                    original_language=plan.original,
                    status=plan.status,
                    selected=plan.status == "published" and rng.random() < 0.1,
                    published_at=plan.published_at,
                    **fields,
                )
            )
        entries = model.objects.bulk_create(entries, batch_size=BATCH_SIZE)

        links = []
        for offset, entry in enumerate(entries):
            # Every theme comes first in turn, so even a few entries cover all five.
            chosen = {themes[(chunk.start + offset) % len(themes)]}
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                chosen.add(rng.choice(themes))
            links.extend(
                through(**{entry_fk: entry.pk, "theme_id": theme.pk})
                for theme in sorted(chosen, key=lambda t: t.number)
            )
            if entry.status == "published" and entry.submission.consent_to_publish:
                public.append((entry.pk, entry.campaign_id))
        through.objects.bulk_create(links, batch_size=BATCH_SIZE * 5)

        partners = []
        share = 0.5 if is_initiative else 0.1
        for entry in entries:
            if rng.random() >= share:
                continue
            lead = entry.organisation_id
            others = {o.pk: o for o in rng.sample(organisations, min(4, len(organisations)))}
            others.pop(lead, None)
            for organisation in list(others.values())[: rng.randint(1, 3)]:
                status = rng.choice(["confirmed"] * 7 + ["pending"] * 2 + ["declined"])
                sent = entry.submission.contact_confirmed_at
                partners.append(
                    Partner(
                        submission_id=entry.submission_id,
                        organisation=organisation,
                        contact_email=f"kumppani{organisation.pk}@example.fi",
                        status=status,
                        responded_at=None if status == "pending" else sent,
                        invitation=Partner.Invitation.SENT if sent else Partner.Invitation.WAITING,
                        invitation_at=sent,
                    )
                )
        Partner.objects.bulk_create(partners, batch_size=BATCH_SIZE)
        counts.partners += len(partners)
    return public


def _awards(rng: random.Random, texts: Texts, pledges: list, initiatives: list) -> int:
    """A few awards a year, each to some public pledges and initiatives of that campaign."""
    from pledges.models import Award
    from programmes.models import Campaign

    if not pledges and not initiatives:
        return 0
    wanted = max(1, min(12, (len(pledges) + len(initiatives)) // 2000 + 1))
    campaigns = {c.pk: c for c in Campaign.objects.all()}
    by_campaign: dict[int, tuple[list, list]] = {}
    for pk, campaign_id in pledges:
        by_campaign.setdefault(campaign_id, ([], []))[0].append(pk)
    for pk, campaign_id in initiatives:
        by_campaign.setdefault(campaign_id, ([], []))[1].append(pk)
    campaign_ids = sorted(by_campaign)
    awards, links = [], []
    for number in range(wanted):
        campaign = campaigns[campaign_ids[number % len(campaign_ids)]]
        name = words.AWARDS[number % len(words.AWARDS)]
        reasoning = texts.paragraphs(1, 2)
        awards.append(
            Award(
                name=name[0],
                name_fi=name[0],
                name_sv=name[1],
                year=timezone.localtime(campaign.opens_at).year,
                campaign=campaign,
                reasoning=reasoning[0],
                reasoning_fi=reasoning[0],
                reasoning_sv=reasoning[1],
            )
        )
        pledge_ids, initiative_ids = by_campaign[campaign.pk]
        links.append(
            (
                rng.sample(pledge_ids, min(len(pledge_ids), rng.randint(1, 4))),
                rng.sample(initiative_ids, min(len(initiative_ids), rng.randint(0, 2))),
            )
        )
    awards = Award.objects.bulk_create(awards)
    Award.pledges.through.objects.bulk_create(
        Award.pledges.through(award_id=award.pk, pledge_id=pk)
        for award, (pledge_ids, _) in zip(awards, links, strict=True)
        for pk in pledge_ids
    )
    Award.initiatives.through.objects.bulk_create(
        Award.initiatives.through(award_id=award.pk, initiative_id=pk)
        for award, (_, initiative_ids) in zip(awards, links, strict=True)
        for pk in initiative_ids
    )
    return len(awards)


# -- events, news, subscribers --------------------------------------------------------------


def _events(rng, texts: Texts, total: int, organisations: list, themes: list, now) -> int:
    from core.regions import REGION_CODES
    from events.models import Event

    regions = sorted(REGION_CODES)
    for chunk in _in_chunks(total):
        rows = []
        for _ in chunk:
            kind = rng.choice(list(words.EVENT_KINDS))
            title_fi, title_sv = texts.title(prefix=words.EVENT_KINDS[kind])
            description = texts.paragraphs(1, 3)
            # Three in four are in the past: an archive builds up over the years.
            starts = now + timedelta(days=rng.uniform(-3 * 365, 365))
            starts = starts.astimezone(HELSINKI).replace(
                hour=rng.choice([9, 10, 12, 13, 14, 17, 18]),
                minute=rng.choice([0, 30]),
                second=0,
                microsecond=0,
            )
            online = kind == "webinar" or rng.random() < 0.2
            regional = rng.random() < 0.3
            organiser = rng.choice(organisations)
            municipality = organiser.municipality
            town = (municipality.name_fi, municipality.name_sv) if municipality else None
            venue, street = texts.pick(words.VENUES), texts.pick(words.STREETS)
            number = rng.randint(1, 60)
            both = rng.random() < 0.8
            fields = {
                "title_fi": title_fi,
                "slug_fi": slugify(title_fi)[:100],
                "description_fi": description[0],
                "organiser_fi": organiser.name,
            }
            if both:
                fields.update(
                    title_sv=title_sv,
                    slug_sv=slugify(title_sv)[:100],
                    description_sv=description[1],
                    organiser_sv=organiser.name,
                )
            if not online and town:
                fields.update(place_fi=venue[0], address_fi=f"{street[0]} {number}, {town[0]}")
                if both:
                    fields.update(place_sv=venue[1], address_sv=f"{street[1]} {number}, {town[1]}")
            rows.append(
                Event(
                    kind=kind,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=rng.choice([1, 1.5, 2, 3, 6])),
                    online_url=f"https://meet.example.fi/{slugify(title_fi)[:60]}"
                    if online
                    else "",
                    online_url_private=rng.random() < 0.7,
                    in_finnish=True,
                    in_swedish=both and rng.random() < 0.6,
                    in_english=rng.random() < 0.15,
                    scope="regional" if regional else "national",
                    region=(municipality.region if municipality else rng.choice(regions))
                    if regional
                    else "",
                    capacity=rng.choice([None, 20, 30, 50, 80, 100, 200]),
                    is_published=rng.random() < 0.92,
                    is_cancelled=rng.random() < 0.03,
                    **fields,
                )
            )
        rows = Event.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        _link_some_themes(rng, Event.themes.through, "event_id", rows, themes)
    return total


def _link_some_themes(rng, through, owner_fk: str, rows: list, themes: list) -> None:
    """Give each of `rows` none, one or two of `themes` (events and news)."""
    through.objects.bulk_create(
        (
            through(**{owner_fk: row.pk, "theme_id": theme.pk})
            for row in rows
            for theme in rng.sample(themes, rng.randint(0, 2))
        ),
        batch_size=BATCH_SIZE * 5,
    )


def _news(rng, texts: Texts, total: int, themes: list, now) -> int:
    from news.models import NewsItem

    for chunk in _in_chunks(total):
        rows = []
        for _ in chunk:
            title_fi, title_sv = texts.title(prefix=texts.pick(words.NEWS_HEADS))
            lead = texts.sentence()
            body = texts.paragraphs(2, 5)
            # Finnish first, the Swedish edition a few days later; some in one language only;
            # a few scheduled for the coming days.
            published = now - timedelta(minutes=rng.randrange(-5 * 1440, 6 * 365 * 1440))
            roll = rng.random()
            published_fi = None if roll < 0.05 else published
            published_sv = (
                None
                if 0.05 <= roll < 0.2
                else published + timedelta(minutes=rng.randrange(0, 4 * 1440))
            )
            fields = {}
            if published_fi:
                fields.update(
                    title_fi=title_fi,
                    slug_fi=slugify(title_fi)[:100],
                    lead_fi=lead[0],
                    body_fi=body[0],
                )
            if published_sv:
                fields.update(
                    title_sv=title_sv,
                    slug_sv=slugify(title_sv)[:100],
                    lead_sv=lead[1],
                    body_sv=body[1],
                )
            rows.append(
                NewsItem(
                    kind="press_release" if rng.random() < 0.2 else "news",
                    published_fi=published_fi,
                    published_sv=published_sv,
                    **fields,
                )
            )
        rows = NewsItem.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        _link_some_themes(rng, NewsItem.themes.through, "newsitem_id", rows, themes)
    return total


def _subscribers(rng, total: int, now) -> int:
    from mailings.models import ConsentRecord, Subscriber, Subscription
    from mailings.services import CONSENT_PURPOSE, CONSENT_VERSION, consent_text

    # Addresses continue after the highest id, so seeding again without --clear never
    # collides with the unique address key.
    offset = (Subscriber.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    consent_texts = {code: consent_text(code) for code in ("fi", "sv")}
    for chunk in _in_chunks(total):
        rows = []
        for i in chunk:
            address = f"tilaaja{offset + i}@example.fi"
            status = rng.choice(["confirmed"] * 18 + ["unconfirmed", "unsubscribed"])
            joined = now - timedelta(days=rng.uniform(1, 5 * 365))
            rows.append(
                Subscriber(
                    email=address,
                    email_key=address,
                    language="sv" if rng.random() < 0.25 else "fi",
                    status=status,
                    confirmed_at=joined if status != "unconfirmed" else None,
                    unsubscribed_at=now if status == "unsubscribed" else None,
                )
            )
        rows = Subscriber.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        subscriptions, consents = [], []
        for subscriber in rows:
            topics = ["newsletter"] if rng.random() < 0.9 else []
            if rng.random() < 0.4:
                topics.append("events")
            topics += [f"theme-{n}" for n in range(1, 6) if rng.random() < 0.15]
            subscriptions.extend(Subscription(subscriber=subscriber, topic=t) for t in topics)
            consents.append(
                ConsentRecord(
                    subscriber=subscriber,
                    purpose=CONSENT_PURPOSE,
                    text_version=CONSENT_VERSION,
                    text=consent_texts[subscriber.language],
                    language=subscriber.language,
                    source="seed_bulk",
                    given_at=subscriber.confirmed_at or now,
                    confirmed_at=subscriber.confirmed_at,
                )
            )
        Subscription.objects.bulk_create(subscriptions, batch_size=BATCH_SIZE * 5)
        ConsentRecord.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    return total


# -- entry point ----------------------------------------------------------------------------


def clear_bulk() -> None:
    """Delete all pledges, initiatives, organisations, awards, events, news and subscribers.

    Not only seed_bulk's rows: meant for benchmark databases, so that a seed gives the same
    content every time. Themes, campaigns and municipalities stay.
    """
    from events.models import Event
    from mailings.models import Subscriber
    from news.models import NewsItem
    from pledges.models import Award, Initiative, Organisation, Pledge, Submission

    # Dependants first: PROTECT references (entries → submissions → organisations) must be
    # gone before the rows they point to.
    for model in (Award, Pledge, Initiative, Submission, Organisation, Event, NewsItem, Subscriber):
        _wipe(model, model._base_manager.all())


def _wipe(model, rows) -> None:
    """Delete `rows` and what cascades from them in SQL, without loading them.

    A QuerySet.delete() would load every row to send its post_delete signal (the page
    cache listens); a hundred thousand of them take minutes. The version bump after
    seeding tells the caches instead.
    """
    for related in apps.get_models(include_auto_created=True):
        for field in related._meta.concrete_fields:
            remote = field.remote_field
            if remote is None or remote.model is not model:
                continue
            dependants = related._base_manager.filter(**{f"{field.name}__in": rows})
            if remote.on_delete is models.CASCADE:
                _wipe(related, dependants)
            elif remote.on_delete is models.SET_NULL:
                dependants.update(**{field.name: None})
    rows._raw_delete(rows.db)


TOUCHED_TABLES = [
    "pledges_organisation",
    "pledges_submission",
    "pledges_pledge",
    "pledges_pledge_themes",
    "pledges_initiative",
    "pledges_initiative_themes",
    "pledges_partner",
    "pledges_award",
    "pledges_award_pledges",
    "pledges_award_initiatives",
    "events_event",
    "events_event_themes",
    "programmes_newsitem",
    "programmes_newsitem_themes",
    "mailings_subscriber",
    "mailings_subscription",
    "search_searchentry",
    "mailings_consentrecord",
]


def _analyze() -> None:
    """Fresh planner statistics: after a bulk insert the old ones describe empty tables."""
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    tables = [name for name in TOUCHED_TABLES if name in existing]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def seed_bulk(
    *,
    pledges: int,
    initiatives: int,
    events: int,
    news: int,
    subscribers: int,
    seed: int = 1,
    clear: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write bulk content in one transaction and return how many rows of each kind.

    The same `seed` on the same database writes the same titles and texts. Caches see the
    new content: the public topics' versions are bumped (core.content_versions).
    """
    for name, value in {
        "pledges": pledges,
        "initiatives": initiatives,
        "events": events,
        "news": news,
        "subscribers": subscribers,
    }.items():
        if value < 0:
            raise ValueError(f"{name} must be zero or more, not {value}")
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    texts = Texts(rng)
    counts = Counts()
    # Times relative to now (events stay upcoming); whole minutes, as people write them.
    now = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic(), translation.override("fi"):
        # Untranslated columns take the Finnish text (Swedish when there is none), as the
        # demo's do: modeltranslation fills them from the active language.
        from pledges.models import Initiative, Pledge

        if clear:
            say("clearing earlier content …")
            clear_bulk()
        themes = _themes()
        campaigns = _campaigns(now)
        entries = pledges + initiatives
        organisations = []
        if entries or events:
            say("organisations …")
            # Enough that every type and region appears; four entries each on average.
            organisations = _organisations(rng, texts, max(40, entries // 4))
            counts.organisations = len(organisations)
        if entries:
            say(f"{pledges:,} pledges …")
            common = {
                "rng": rng,
                "texts": texts,
                "organisations": organisations,
                "campaigns": campaigns,
                "themes": themes,
                "now": now,
                "counts": counts,
            }
            public_pledges = _entries(model=Pledge, total=pledges, **common)
            say(f"{initiatives:,} initiatives …")
            # Initiatives start where pledges left off in the organisation order.
            public_initiatives = _entries(
                model=Initiative, total=initiatives, start_index=pledges, **common
            )
            counts.pledges, counts.initiatives = pledges, initiatives
            counts.awards = _awards(rng, texts, public_pledges, public_initiatives)
        if events:
            say(f"{events:,} events …")
            counts.events = _events(rng, texts, events, organisations, themes, now)
        if news:
            say(f"{news:,} news items …")
            counts.news = _news(rng, texts, news, themes, now)
        if subscribers:
            say(f"{subscribers:,} subscribers …")
            counts.subscribers = _subscribers(rng, subscribers, now)
        # bulk_create sends no signals: the search index is brought in step in one go.
        from search.index import index_refresh

        say("search index …")
        index_refresh()
        content_versions.bump("pledges", "initiatives", "events", "news", "themes", "programme")
    # After commit (at once when no outer transaction is open).
    transaction.on_commit(_analyze)
    return counts.as_dict()
