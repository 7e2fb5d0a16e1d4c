"""The public organisation page: what it shows, to whom, where it is linked from."""

from datetime import date

import pytest
from django.contrib.sitemaps.views import sitemap
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from pledges.models import Entry, Partner, ProgressReport
from pledges.sitemaps import SITEMAPS
from tests.pledges import factories
from tests.pledges.factories import (
    AwardFactory,
    OrganisationFactory,
    PartnerFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


class PledgeFactory(factories.PledgeFactory):
    class Meta:
        skip_postgeneration_save = True


class InitiativeFactory(factories.InitiativeFactory):
    class Meta:
        skip_postgeneration_save = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def org_url(organisation, lang: str) -> str:
    with translation.override(lang):
        return organisation.get_absolute_url()


def page(client, organisation, lang="fi"):
    response = client.get(org_url(organisation, lang))
    return response, response.content.decode()


@pytest.mark.parametrize(
    ("lang", "prefix", "place", "type_label"),
    [
        ("fi", "/fi/organisaatiot/", "Tampere", "yhdistys tai järjestö"),
        ("sv", "/sv/organisationer/", "Tammerfors", "förening eller organisation"),
    ],
)
def test_page_shows_facts_entries_partnerships_awards_and_reports(
    client, lang, prefix, place, type_label
):
    organisation = OrganisationFactory(
        name="Kotoutumisyhdistys Silta ry", website="https://silta.example.fi/"
    )
    submission = SubmissionFactory(organisation=organisation)
    pledge = PledgeFactory(
        submission=submission,
        title_fi="Kielikahvila joka tiistai",
        report_interval_months=3,
        reporting_starts_on=date(2026, 1, 1),
    )
    initiative = InitiativeFactory(submission=submission, title_fi="Mentorointiohjelma")
    AwardFactory().pledges.add(pledge)
    ProgressReport.objects.create(
        pledge=pledge,
        period=1,
        period_end=date(2026, 4, 1),
        status="on_track",
        text_fi="Edistyy hyvin.",
        language="fi",
        review=ProgressReport.Review.PUBLISHED,
    )
    ProgressReport.objects.create(
        pledge=pledge,
        period=2,
        period_end=date(2026, 7, 1),
        status="delayed",
        text_fi="Salainen luonnos.",
        language="fi",
    )
    other = InitiativeFactory(title_fi="Toisen aloite")
    PartnerFactory(submission=other.submission, organisation=organisation)
    declined = InitiativeFactory(title_fi="Kieltäydytty aloite")
    PartnerFactory(
        submission=declined.submission, organisation=organisation, status=Partner.Status.DECLINED
    )
    hidden = PledgeFactory(
        submission=SubmissionFactory(organisation=organisation),
        title_fi="Julkaisematon",
        status=Entry.Status.IN_REVIEW,
    )

    response, html = page(client, organisation, lang)
    assert response.status_code == 200
    assert org_url(organisation, lang).startswith(f"{prefix}{organisation.pk}-kotoutumisyhdistys")
    assert f'<html lang="{lang}"' in html
    assert "<h1>Kotoutumisyhdistys Silta ry</h1>" in html
    assert "<title>Kotoutumisyhdistys Silta ry |" in html
    assert 'aria-current="page">Kotoutumisyhdistys Silta ry<' in html
    assert place in html
    assert type_label in html
    assert 'href="https://silta.example.fi/" rel="nofollow noopener noreferrer"' in html
    for entry in (pledge, initiative, other):
        with translation.override(lang):
            assert f'href="{entry.get_absolute_url()}"' in html
    assert "Kieltäydytty aloite" not in html
    assert hidden.title_fi not in html
    assert "Edistyy hyvin." in html
    assert "Salainen luonnos." not in html
    assert ("Vuoden kumppanuusteko" if lang == "fi" else "Årets partnerskapsgärning") in html
    # hreflang alternates for both languages.
    for code in ("fi", "sv"):
        assert f'hreflang="{code}" href="http://testserver{org_url(organisation, code)}"' in html


def test_nothing_public_means_no_page(client):
    unpublished = PledgeFactory(status=Entry.Status.SUBMITTED).organisation
    no_consent = PledgeFactory(
        submission=SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    ).organisation
    pending_partner = OrganisationFactory()
    PartnerFactory(
        submission=InitiativeFactory().submission,
        organisation=pending_partner,
        status=Partner.Status.PENDING,
    )
    partner_of_hidden = OrganisationFactory()
    PartnerFactory(
        submission=InitiativeFactory(status=Entry.Status.REJECTED).submission,
        organisation=partner_of_hidden,
    )
    for organisation in (unpublished, no_consent, pending_partner, partner_of_hidden):
        for lang in ("fi", "sv"):
            assert page(client, organisation, lang)[0].status_code == 404


def test_confirmed_partner_alone_has_a_page(client):
    partner = OrganisationFactory(name="Kumppani Oy")
    initiative = InitiativeFactory(title_fi="Yhteinen aloite")
    PartnerFactory(submission=initiative.submission, organisation=partner)
    response, html = page(client, partner)
    assert response.status_code == 200
    assert "Yhteinen aloite" in html
    # And the initiative's page links to it.
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert f'href="{org_url(partner, "fi")}"' in detail


def test_entries_without_consent_are_not_listed(client):
    organisation = OrganisationFactory()
    PledgeFactory(submission=SubmissionFactory(organisation=organisation), title_fi="Julkinen")
    PledgeFactory(
        submission=SubmissionFactory(
            organisation=organisation, consent_to_publish=False, consent_given_at=None
        ),
        title_fi="Ilman suostumusta",
        published_at=timezone.now(),
    )
    html = page(client, organisation)[1]
    assert "Julkinen" in html
    assert "Ilman suostumusta" not in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_slug_and_bare_id_redirect_to_the_canonical_address(client, lang):
    organisation = PledgeFactory().organisation
    canonical = org_url(organisation, lang)
    with translation.override(lang):
        bare = reverse("organisations:detail", kwargs={"pk": organisation.pk})
        wrong = reverse("organisations:detail", kwargs={"pk": organisation.pk, "slug": "vanha"})
    for address in (bare, wrong):
        response = client.get(address)
        assert response.status_code == 301
        assert response["Location"] == canonical


@pytest.mark.parametrize(
    "path",
    [
        "/fi/organisaatiot/0/",
        "/fi/organisaatiot/99999999/",
        "/fi/organisaatiot/99999999999999999999999/",
        "/fi/organisaatiot/-1/",
        "/fi/organisaatiot/abc/",
        "/sv/organisationer/1%00/",
        "/fi/organisaatiot/1-%C3%A4%27%22<x>/",
    ],
)
def test_hostile_ids_are_404(client, path):
    assert client.get(path).status_code == 404


def test_entry_pages_and_cards_link_to_the_organisation(client):
    pledge = PledgeFactory(title_fi="Lukupiiri")
    link = f'href="{org_url(pledge.organisation, "fi")}"'
    assert link in client.get(pledge.get_absolute_url()).content.decode()
    with translation.override("fi"):
        listing = client.get(reverse("pledges:list")).content.decode()
    assert link in listing


def test_sitemap_lists_public_organisations_in_both_languages_with_alternates():
    public = PledgeFactory().organisation
    hidden = PledgeFactory(status=Entry.Status.IN_REVIEW).organisation
    response = sitemap(
        RequestFactory().get("/sitemap.xml"),
        sitemaps={"organisations": SITEMAPS["organisations"]},
    )
    response.render()
    xml = response.content.decode()
    for lang in ("fi", "sv"):
        location = f"http://testserver{org_url(public, lang)}"
        assert f"<loc>{location}</loc>" in xml
        assert f'hreflang="{lang}" href="{location}"' in xml
    assert 'hreflang="x-default"' in xml
    assert xml.count("<url>") == 2
    assert f"/{hidden.pk}-" not in xml


def _organisation_with(count: int):
    organisation = OrganisationFactory()
    for _ in range(count):
        submission = SubmissionFactory(organisation=organisation)
        pledge = PledgeFactory(submission=submission)
        InitiativeFactory(submission=submission)
        AwardFactory().pledges.add(pledge)
        other = InitiativeFactory()
        PartnerFactory(submission=other.submission, organisation=organisation)
    return organisation


def test_query_count_does_not_grow_with_the_entries(client):
    small, large = _organisation_with(1), _organisation_with(20)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for organisation in (small, large):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert page(client, organisation)[0].status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 20


def test_page_escapes_the_name(client):
    organisation = PledgeFactory(
        submission=SubmissionFactory(organisation=OrganisationFactory(name='<script>"x"</script>'))
    ).organisation
    html = page(client, organisation)[1]
    assert '<script>"x"</script>' not in html
    assert escape('<script>"x"</script>') in html
