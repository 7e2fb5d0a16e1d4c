"""Atom feeds and sitemaps of pledges and initiatives: public entries only."""

import feedparser
import pytest
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory

from pledges.models import Entry
from pledges.sitemaps import SITEMAPS
from tests.pledges.factories import SubmissionFactory
from tests.pledges.test_browse import InitiativeFactory, PledgeFactory, entry_url, url

pytestmark = pytest.mark.django_db


def hidden(factory) -> None:
    no_consent = SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    for status in (Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.WITHDRAWN):
        factory(title_fi=f"Piilo {status}", status=status)
    factory(title_fi="Piilo ilman suostumusta", submission=no_consent)


@pytest.mark.parametrize("namespace", ["pledges", "initiatives"])
def test_feed_lists_public_entries_in_the_page_language(client, namespace):
    factory = PledgeFactory if namespace == "pledges" else InitiativeFactory
    both = factory(title_fi="Kahdella kielellä", title_sv="På två språk", text_sv="Text.")
    only_fi = factory(title_fi="Vain suomeksi kirjoitettu", title_sv="")
    hidden(factory)

    fi = feedparser.parse(client.get(url(f"{namespace}:feed", "fi")).content)
    assert not fi.bozo
    assert fi.feed.language == "fi"
    titles = {entry.title for entry in fi.entries}
    assert titles == {"Kahdella kielellä", "Vain suomeksi kirjoitettu"}

    response = client.get(url(f"{namespace}:feed", "sv"))
    assert response["Content-Type"].startswith("application/atom+xml")
    sv = feedparser.parse(response.content)
    assert sv.feed.language == "sv"
    assert {entry.title for entry in sv.entries} == {
        "På två språk",
        "Vain suomeksi kirjoitettu (Endast på finska)",
    }
    links = {entry.link for entry in sv.entries}
    assert links == {"http://testserver" + entry_url(e, "sv") for e in (both, only_fi)}
    assert "Piilo" not in response.content.decode()


def test_feed_is_newest_first(client):
    from django.utils import timezone

    now = timezone.now()
    PledgeFactory(title_fi="Vanha", published_at=now - timezone.timedelta(days=3))
    PledgeFactory(title_fi="Uusi", published_at=now)
    parsed = feedparser.parse(client.get(url("pledges:feed", "fi")).content)
    assert [entry.title for entry in parsed.entries] == ["Uusi", "Vanha"]


def test_sitemap_has_public_entries_in_both_languages_with_alternates():
    pledge = PledgeFactory(title_fi="Lukupiiri", title_sv="Läscirkel")
    initiative = InitiativeFactory(title_fi="Mentorointi")
    hidden(PledgeFactory)
    hidden(InitiativeFactory)
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, sitemaps=SITEMAPS)
    response.render()
    xml = response.content.decode()
    for entry in (pledge, initiative):
        for lang in ("fi", "sv"):
            assert f"<loc>http://testserver{entry_url(entry, lang)}</loc>" in xml
    assert 'hreflang="x-default"' in xml
    assert f"http://testserver{url('pledges:list', 'sv')}" in xml
    assert f"http://testserver{url('initiatives:list', 'fi')}" in xml
    # Entries, the two lists, and the two lead organisations' pages (pledges.sitemaps).
    assert xml.count("<url>") == 4 + 4 + 4
    assert "piilo" not in xml
