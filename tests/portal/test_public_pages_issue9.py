"""Issue 9, items 18-20: what the public pages send (headings, stylesheets, favicon, notes,
times, words) and that the sitemap's hreflang alternates match the pages' own."""

import gettext
import re
from datetime import datetime
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.services import _when
from mailings.markdown import markdown_html
from tests.events.factories import EventFactory
from tests.mailings.factories import NewsletterFactory
from tests.pledges.factories import CampaignFactory, InitiativeFactory, PledgeFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


def _get(client, name: str, lang: str, *args, **kwargs):
    with translation.override(lang):
        url = reverse(name, args=args)
    return client.get(url, **kwargs)


# ---------------------------------------------------------------------------------------
# Headings of newsletter bodies
# ---------------------------------------------------------------------------------------


def _levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("## A\n\n### B\n\n## C", [2, 3, 2]),
        ("### Only third level", [2]),
        ("# One\n\n### Three\n\n##### Five", [2, 3, 4]),
        ("#### Deep first\n\n# Top later\n\n## Second", [2, 2, 3]),
    ],
)
def test_the_highest_heading_of_a_body_becomes_h2_and_no_level_is_skipped(source, expected):
    assert _levels(markdown_html(source)) == expected


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_newsletter_archive_page_goes_from_h1_to_h2(client, lang):
    newsletter = NewsletterFactory(
        status="sent",
        sent_at="2026-05-01T09:00:00+03:00",
        body_fi="## Tapahtumat\n\nTervetuloa!\n\n### Syksy\n\nLisää.",
        body_sv="## Evenemang\n\nVälkommen!\n\n### Hösten\n\nMer.",
    )
    page = _get(client, "newsletter:archive_detail", lang, newsletter.pk)
    assert page.status_code == 200
    main = page.text.split('<main id="main"', 1)[1]
    levels = _levels(main)
    assert levels[:3] == [1, 2, 3], levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}: {levels}"


# ---------------------------------------------------------------------------------------
# Stylesheets linked once, favicon
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize(
    "name",
    [
        "newsletter:subscribe",
        "newsletter:archive",
        "pledges:list",
        "initiatives:list",
        "events:list",
        "news:list",
        "participate:form",
        "search:search",
    ],
)
def test_no_stylesheet_is_linked_twice(client, name, lang):
    page = _get(client, name, lang)
    assert page.status_code == 200
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert sheets and len(sheets) == len(set(sheets)), sheets


def test_the_newsletter_detail_page_links_mailings_css_once(client):
    newsletter = NewsletterFactory(status="sent", sent_at="2026-05-01T09:00:00+03:00")
    page = _get(client, "newsletter:archive_detail", "fi", newsletter.pk)
    assert page.text.count("css/mailings.css") == 1


def test_favicon_is_linked_and_favicon_ico_leads_to_it(client):
    page = _get(client, "home", "sv")
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page.text)
    assert icon, "base.html links no SVG favicon"
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon.group(1)
    svg = Path(settings.BASE_DIR, "static", "img", "favicon.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert client.head("/favicon.ico").status_code == 301


# ---------------------------------------------------------------------------------------
# Labels, notes, landmarks in the markup
# ---------------------------------------------------------------------------------------


def test_no_stray_colon_after_a_checkbox_label_on_the_participation_form(client):
    CampaignFactory()
    page = _get(client, "participate:form", "fi")
    assert page.status_code == 200
    assert ">Etsimme vielä kumppaneita</label>" in page.text
    assert not re.search(r'<input type="checkbox"[^>]*><label[^>]*>[^<]*:</label>', page.text)


def test_an_entry_only_in_finnish_gets_one_note_not_one_per_passage(client):
    pledge = PledgeFactory(title_fi="Kielikahvila", text_fi="Joka tiistai.", title_sv="")
    with translation.override("sv"):
        page = client.get(pledge.get_absolute_url())
    assert page.status_code == 200
    main = page.text.split('<main id="main"', 1)[1]
    assert main.count('class="language-note"') == 1, main[:3000]
    assert 'lang="fi"' in main


def test_a_list_of_finnish_only_titles_gets_one_group_note(client, django_db_setup):
    from themes.models import Theme

    theme = Theme.objects.order_by("number").first()
    for n in range(3):
        PledgeFactory(title_fi=f"Lupaus {n}", themes=[theme])
    InitiativeFactory(title_fi="Aloite", themes=[theme])
    InitiativeFactory(title_fi="Toinen aloite", themes=[theme])
    with translation.override("sv"):
        page = client.get(theme.get_absolute_url())
    assert page.status_code == 200
    main = page.text.split('<main id="main"', 1)[1]
    notes = re.findall(r'class="language-note">([^<]*)<', main)
    assert notes.count("En del av dessa finns endast på finska.") == 2, notes
    assert "Endast på finska" not in notes, notes


def test_home_and_search_landmarks_have_unique_names(client):
    home = _get(client, "home", "fi").text
    assert '<section class="hero" aria-labelledby' not in home
    search = _get(client, "search:search", "fi", data={"q": "kieli"}).text
    labels = re.findall(r'<form[^>]*role="search"[^>]*>', search)
    assert len(labels) == 2
    names = [re.search(r'aria-label(?:ledby)?="([^"]+)"', form) for form in labels]
    assert all(names) and len({name.group(1) for name in names}) == 2, labels


# ---------------------------------------------------------------------------------------
# Times "13.00"
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "4.3.2031 klo 13.00"), ("sv", "4.3.2031 kl. 13.00")],
)
def test_event_times_read_13_00_with_a_full_stop(client, lang, expected):
    event = EventFactory(
        starts_at=datetime(2031, 3, 4, 13, 0, tzinfo=HELSINKI),
        ends_at=datetime(2031, 3, 4, 15, 30, tzinfo=HELSINKI),
    )
    with translation.override(lang):
        detail = client.get(event.get_absolute_url())
        listing = client.get(reverse("events:list"))
    for page in (detail, listing):
        assert page.status_code == 200
        assert expected in page.text
        assert "15.30" in page.text
        assert not re.search(r"\b1[35]:[03]0\b", page.text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "klo 13.00–15.30"), ("sv", "kl. 13.00–15.30")],
)
def test_event_mails_write_the_time_with_a_full_stop(lang, expected):
    event = EventFactory(
        starts_at=datetime(2031, 3, 4, 13, 0, tzinfo=HELSINKI),
        ends_at=datetime(2031, 3, 4, 15, 30, tzinfo=HELSINKI),
    )
    with translation.override(lang):
        assert _when(event).endswith(expected)


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------

# Phrases native readers flagged; none may come back in the catalogues.
KNOWN_BAD = {
    "fi": [
        "esimerkiksi ja haasteeksi",
        "Kumppanuusohjelma-julkaisu",
        "kuraattor",
        "tapahtumatiedote",
        "Tiedotteiden kieli",
    ],
    "sv": ["Gör ett löfte eller ett initiativ", "indelade enligt", "kurator"],
}


def _catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr of the compiled catalogue (plural forms joined), as the site uses it."""
    path = Path(settings.BASE_DIR, "locale", lang, "LC_MESSAGES", "django.mo")
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    texts: dict[str, str] = {}
    for key, text in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            texts[msgid] = f"{texts.get(msgid, '')} {text}".strip()
    return texts


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_known_bad_phrases_are_nowhere_in_the_catalogue(lang):
    texts = _catalogue(lang).values()
    for phrase in KNOWN_BAD[lang]:
        hits = [text for text in texts if phrase.lower() in text.lower()]
        assert not hits, f"{phrase!r} is still in {lang}: {hits[:3]}"


PRESS_RELEASE_MSGIDS = {
    "press release",
    "Press releases",
    "News and press releases of the partnership programme for integration promotion.",
}


def test_tiedote_means_only_a_press_release():
    uses = {
        msgid
        for msgid, text in _catalogue("fi").items()
        if re.search(r"\btiedot(e|tee|teet|teita|teiden)\b", text, re.I)
    }
    assert uses <= PRESS_RELEASE_MSGIDS, uses


@pytest.mark.parametrize(
    ("name", "lang", "phrase"),
    [
        ("pledges:list", "fi", "esimerkkinä ja haasteena muille"),
        ("themes:list", "sv", "grupperade under dem"),
        ("home", "sv", "Ge ett löfte eller föreslå ett initiativ"),
        ("newsletter:subscribe", "fi", "Viestien kieli"),
    ],
)
def test_corrected_phrases_on_the_pages(client, name, lang, phrase):
    page = _get(client, name, lang)
    assert page.status_code == 200
    assert phrase in page.text


def test_swedish_status_words_agree_with_their_nouns():
    from assessments.models import Shortlisting
    from mailings.models import Delivery, Mailing, Newsletter
    from pledges.models import Entry, Partner

    # Pairs, not a dict: the choices are str enums, and "sent" == "sent" across models.
    expected = [
        # ett löfte / ett initiativ (ett bidrag)
        (Entry.Status.PUBLISHED, "publicerat"),
        (Entry.Status.WITHDRAWN, "återkallat"),
        (Entry.Status.REJECTED, "avslaget"),
        (Shortlisting.Stage.SELECTED, "utvalt"),
        # ett nyhetsbrev, ett utskick
        (Newsletter.Status.SENT, "skickat"),
        (Newsletter.Status.SCHEDULED, "schemalagt"),
        (Mailing.Status.QUEUED, "köat"),
        (Mailing.Status.DONE, "klart"),
        # en leverans, en partner
        (Delivery.Status.SENT, "skickad"),
        (Partner.Status.CONFIRMED, "bekräftad"),
    ]
    with translation.override("sv"):
        got = [(choice, str(choice.label)) for choice, _word in expected]
    assert got == expected


# ---------------------------------------------------------------------------------------
# Sitemap hreflang = the pages' own <head>
# ---------------------------------------------------------------------------------------


def _head_alternates(html: str) -> dict[str, str]:
    return {
        lang: urlsplit(url).path
        for lang, url in re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html
        )
    }


def test_sitemap_alternates_match_each_page_and_answer_200(client):
    call_command("seed_demo", allow_production=True, stdout=StringIO())
    xml = client.get("/sitemap.xml").content.decode()
    index = re.findall(r"<sitemap><loc>([^<]+)</loc>", xml)
    bodies = [client.get(urlsplit(loc).path).content.decode() for loc in index] or [xml]
    checked = 0
    for body in bodies:
        for block in re.findall(r"<url>(.*?)</url>", body, re.S):
            loc = urlsplit(re.search(r"<loc>([^<]+)</loc>", block).group(1)).path
            alternates = {
                lang: urlsplit(url).path
                for lang, url in re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block)
            }
            page = client.get(loc)
            assert page.status_code == 200, loc
            assert alternates == _head_alternates(page.text), loc
            assert set(alternates) >= {"x-default"}, loc
            for lang, path in alternates.items():
                other = client.get(path, headers={"accept-language": "sv"})
                if lang == "x-default" and other.status_code in (301, 302):
                    other = client.get(other["Location"], headers={"accept-language": "sv"})
                assert other.status_code == 200, (loc, lang, path)
            checked += 1
    assert checked > 20
