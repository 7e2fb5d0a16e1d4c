"""Public lists and detail pages of pledges and initiatives."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from pledges.models import Entry, Initiative, Organisation, Partner
from tests.pledges import factories
from tests.pledges.factories import (
    AwardFactory,
    CampaignFactory,
    OrganisationFactory,
    PartnerFactory,
    SubmissionFactory,
    municipality,
)
from themes.models import Theme


# The shared factories save again after setting themes, which factory_boy deprecates with a
# warning (an error here); these skip that extra save (the themes hook needs no save).
class PledgeFactory(factories.PledgeFactory):
    class Meta:
        skip_postgeneration_save = True


class InitiativeFactory(factories.InitiativeFactory):
    class Meta:
        skip_postgeneration_save = True


pytestmark = pytest.mark.django_db

FACTORIES = {"pledges": PledgeFactory, "initiatives": InitiativeFactory}
ONLY_IN_FINNISH = {"sv": "Endast på finska"}
ONLY_IN_SWEDISH = {"fi": "Vain ruotsiksi"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    # django-ratelimit counts in the shared cache; every test starts from zero.
    from django.core.cache import cache

    cache.clear()


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def entry_url(entry, lang: str) -> str:
    with translation.override(lang):
        return entry.get_absolute_url()


def hidden_entries(factory) -> list:
    """One entry in every state that must never be public."""
    no_consent = SubmissionFactory(consent_to_publish=False, consent_given_at=None)
    return [
        factory(status=Entry.Status.SUBMITTED, title_fi="Piilo lähetetty"),
        factory(status=Entry.Status.IN_REVIEW, title_fi="Piilo käsittelyssä"),
        factory(status=Entry.Status.REJECTED, title_fi="Piilo hylätty"),
        factory(status=Entry.Status.WITHDRAWN, title_fi="Piilo peruttu"),
        factory(submission=no_consent, title_fi="Piilo ilman suostumusta"),
    ]


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("namespace", ["pledges", "initiatives"])
def test_only_published_entries_with_consent_are_public(client, lang, namespace):
    factory = FACTORIES[namespace]
    theme = Theme.objects.get(number=1)
    public = factory(title_fi="Julkinen kohde", themes=[theme])
    hidden = hidden_entries(factory)
    for entry in hidden:
        entry.themes.set([theme])

    html = client.get(url(f"{namespace}:list", lang)).content.decode()
    assert "Julkinen kohde" in html
    assert "Piilo" not in html
    assert re.search(r"\b1 (lupaus|löfte|aloite|initiativ)\b", html)

    filtered = client.get(url(f"{namespace}:list", lang), {"theme": theme.pk}).content.decode()
    assert "Julkinen kohde" in filtered and "Piilo" not in filtered

    assert client.get(entry_url(public, lang)).status_code == 200
    for entry in hidden:
        assert client.get(entry_url(entry, lang)).status_code == 404
        assert client.get(url(f"{namespace}:detail", lang, pk=entry.pk)).status_code == 404


def test_list_needs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    themes = list(Theme.objects.all())
    award = AwardFactory()
    for number in range(25):
        pledge = PledgeFactory(themes=themes[: 1 + number % 3], selected=number % 2 == 0)
        if number % 5 == 0:
            award.pledges.add(pledge)
    for _number in range(25):
        InitiativeFactory(themes=themes[:2])
    # One more than before the municipality filter: its choices (those with public entries).
    with django_assert_max_num_queries(9):
        response = client.get(url("pledges:list", "fi"))
    assert response.content.decode().count('class="card entry-card"') == 20
    with django_assert_max_num_queries(9):
        response = client.get(url("initiatives:list", "sv"), {"theme": themes[0].pk, "page": 2})
    assert response.content.decode().count('class="card entry-card"') == 5


def test_filters_by_theme_type_region_campaign_selected_and_awarded(client):
    theme_1, theme_2 = Theme.objects.filter(number__in=[1, 2]).order_by("number")
    campaign = CampaignFactory()
    company = OrganisationFactory(type=Organisation.Type.COMPANY, region="uusimaa")
    PledgeFactory(title_fi="Teema yksi", themes=[theme_1])
    PledgeFactory(title_fi="Teema kaksi", themes=[theme_2])
    PledgeFactory(
        title_fi="Yrityksen lupaus",
        submission=SubmissionFactory(organisation=company, campaign=campaign),
    )
    PledgeFactory(title_fi="Valittu lupaus", selected=True)
    AwardFactory().pledges.add(PledgeFactory(title_fi="Palkittu lupaus"))

    def titles(**params) -> set[str]:
        html = client.get(url("pledges:list", "fi"), params).content.decode()
        return set(re.findall(r'<a href="/fi/lupaukset/\d+-[^"]*/">([^<]+)</a>', html))

    assert titles(theme=theme_1.pk) == {"Teema yksi"}
    assert titles(type="company") == {"Yrityksen lupaus"}
    assert titles(region="uusimaa") == {"Yrityksen lupaus"}
    assert titles(campaign=campaign.pk) == {"Yrityksen lupaus"}
    assert titles(selected="1") == {"Valittu lupaus"}
    assert titles(awarded="1") == {"Palkittu lupaus"}
    assert titles(type="company", selected="1") == set()
    assert len(titles()) == 5


def test_initiative_filters_seeking_partners_and_stage(client):
    InitiativeFactory(title_fi="Etsii kumppaneita", seeking_partners=True)
    InitiativeFactory(
        title_fi="Käynnissä ilman hakua",
        seeking_partners=False,
        stage=Initiative.Stage.UNDER_WAY,
    )

    def titles(**params) -> set[str]:
        html = client.get(url("initiatives:list", "fi"), params).content.decode()
        return set(re.findall(r'<a href="/fi/aloitteet/\d+-[^"]*/">([^<]+)</a>', html))

    assert titles(seeking="1") == {"Etsii kumppaneita"}
    assert titles(stage="under_way") == {"Käynnissä ilman hakua"}
    assert titles() == {"Etsii kumppaneita", "Käynnissä ilman hakua"}


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "999"},
        {"theme": "abc"},
        {"theme": "99999999999999999999", "campaign": "99999999999999999999"},
        {"type": "pirate"},
        {"region": "atlantis"},
        {"campaign": "-1"},
        {"campaign": "x" * 500},
        {"selected": "maybe", "awarded": "\x00"},
        {"sort": "drop table"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"stage": "nope", "seeking": "1" * 1000},
    ],
)
def test_bad_filter_values_are_ignored(client, params):
    PledgeFactory(title_fi="Aina näkyvä")
    InitiativeFactory(title_fi="Aina näkyvä aloite")
    for namespace in ("pledges", "initiatives"):
        response = client.get(url(f"{namespace}:list", "fi"), params)
        assert response.status_code == 200
        assert "Aina näkyvä" in response.content.decode()
        assert 'aria-invalid="true"' not in response.content.decode()


def test_sorting_newest_first_and_by_title(client):
    now = timezone.now()
    for days, title in enumerate(["Öljymaalaus", "Zeta", "Aalto", "Ääni"]):
        PledgeFactory(title_fi=title, published_at=now - timezone.timedelta(days=days))

    def order(**params) -> list[str]:
        html = client.get(url("pledges:list", "fi"), params).content.decode()
        return re.findall(r'<a href="/fi/lupaukset/\d+-[^"]*/">([^<]+)</a>', html)

    assert order() == ["Öljymaalaus", "Zeta", "Aalto", "Ääni"]
    assert order(sort="newest") == ["Öljymaalaus", "Zeta", "Aalto", "Ääni"]
    assert order(sort="title") == ["Aalto", "Zeta", "Ääni", "Öljymaalaus"]


def test_title_sort_uses_the_fallback_title_and_finnish_collation(client, postgres):
    PledgeFactory(title_fi="Åbo-projekti")
    PledgeFactory(title_fi="ärsyke")
    PledgeFactory(title_fi="Banaani", title_sv="Citron")
    html = client.get(url("pledges:list", "sv"), {"sort": "title"}).content.decode()
    titles = re.findall(r'<a href="/sv/loften/\d+-[^"]*/">(?:<span lang="fi">)?([^<]+)<', html)
    assert titles == ["Citron", "Åbo-projekti", "ärsyke"]


def test_pagination_has_twenty_a_page_and_marks_the_current_page(client):
    for _number in range(45):
        PledgeFactory()
    list_url = url("pledges:list", "fi")
    first = client.get(list_url).content.decode()
    assert first.count('class="card entry-card"') == 20
    assert "45 lupausta" in first
    third = client.get(list_url, {"page": 3}).content.decode()
    assert third.count('class="card entry-card"') == 5
    assert re.search(r'href="\?page=3" aria-current="page"', third)
    assert 'href="?page=2" rel="prev"' in third
    beyond = client.get(list_url, {"page": 7}).content.decode()
    assert beyond.count('class="card entry-card"') == 5


def test_pagination_links_keep_the_valid_filters_only(client):
    theme = Theme.objects.get(number=3)
    for _number in range(21):
        PledgeFactory(themes=[theme])
    html = client.get(
        url("pledges:list", "fi"), {"theme": theme.pk, "region": "atlantis"}
    ).content.decode()
    assert f'href="?theme={theme.pk}&amp;page=2"' in html


@pytest.mark.parametrize("namespace", ["pledges", "initiatives"])
def test_detail_redirects_to_the_canonical_address_of_the_page_language(client, namespace):
    entry = FACTORIES[namespace](title_fi="Kirjaston lukupiiri", title_sv="Bibliotekets läsecirkel")
    fi_canonical = entry_url(entry, "fi")
    sv_canonical = entry_url(entry, "sv")
    assert fi_canonical.endswith(f"/{entry.pk}-kirjaston-lukupiiri/")
    assert sv_canonical.endswith(f"/{entry.pk}-bibliotekets-lasecirkel/")

    for lang, canonical in (("fi", fi_canonical), ("sv", sv_canonical)):
        assert client.get(canonical).status_code == 200
        bare = client.get(url(f"{namespace}:detail", lang, pk=entry.pk))
        assert bare.status_code == 301 and bare["Location"] == canonical
        wrong = client.get(url(f"{namespace}:detail", lang, pk=entry.pk, slug="vaara-slug"))
        assert wrong.status_code == 301 and wrong["Location"] == canonical

    html = client.get(fi_canonical).content.decode()
    assert f'hreflang="sv" href="http://testserver{sv_canonical}"' in html
    assert f'rel="canonical" href="http://testserver{fi_canonical}"' in html


@pytest.mark.parametrize("namespace", ["pledges", "initiatives"])
def test_missing_entries_are_404(client, namespace):
    assert client.get(url(f"{namespace}:detail", "fi", pk=987654)).status_code == 404
    assert client.get(url(f"{namespace}:detail", "sv", pk=987654, slug="x")).status_code == 404
    huge = 10**20
    assert client.get(url(f"{namespace}:detail", "fi", pk=huge)).status_code == 404


def test_text_only_in_finnish_is_marked_on_the_swedish_page(client):
    pledge = PledgeFactory(title_fi="Lukupiiri kaikille", text_fi="Luemme yhdessä.")
    html = client.get(entry_url(pledge, "sv")).content.decode()
    assert '<h1 lang="fi">Lukupiiri kaikille</h1>' in html
    assert '<div class="prose" lang="fi"><p>Luemme yhdessä.</p></div>' in html
    assert ONLY_IN_FINNISH["sv"] in html
    listing = client.get(url("pledges:list", "sv")).content.decode()
    assert '<span lang="fi">Lukupiiri kaikille</span>' in listing
    assert ONLY_IN_FINNISH["sv"] in listing


def test_text_only_in_swedish_is_marked_on_the_finnish_page(client):
    pledge = PledgeFactory(
        title_fi="",
        text_fi="",
        title_sv="Läsecirkel för alla",
        text_sv="Vi läser tillsammans.",
        original_language="sv",
    )
    html = client.get(entry_url(pledge, "fi")).content.decode()
    assert '<h1 lang="sv">Läsecirkel för alla</h1>' in html
    assert '<div class="prose" lang="sv"><p>Vi läser tillsammans.</p></div>' in html
    assert ONLY_IN_SWEDISH["fi"] in html
    sv_html = client.get(entry_url(pledge, "sv")).content.decode()
    assert "<h1>Läsecirkel för alla</h1>" in sv_html
    assert "Endast på" not in sv_html


def test_detail_shows_organisation_themes_campaign_awards_and_selection(client):
    theme = Theme.objects.get(number=2)
    organisation = OrganisationFactory(
        name="Kotikylän kehitys ry",
        type=Organisation.Type.IMMIGRANT_ASSOCIATION,
        municipality=municipality("905"),
        region="pohjanmaa",
        website="https://kotikyla.example.fi/",
    )
    pledge = PledgeFactory(
        submission=SubmissionFactory(organisation=organisation),
        themes=[theme],
        selected=True,
    )
    AwardFactory(reasoning_sv="Ett föredömligt samarbete i Vasa.").pledges.add(pledge)
    html = client.get(entry_url(pledge, "sv")).content.decode()
    assert "Kotikylän kehitys ry" in html
    with translation.override("sv"):
        assert escape(organisation.get_type_display()) in html
    # The municipality in the page's language: Vasa on the Swedish page, Vaasa on the Finnish.
    assert "<dd>Vasa</dd>" in html and "Vaasa" not in html
    assert "<dd>Vaasa</dd>" in client.get(entry_url(pledge, "fi")).content.decode()
    assert "Österbotten" in html
    assert 'href="https://kotikyla.example.fi/"' in html
    with translation.override("sv"):
        assert f'href="{theme.get_absolute_url()}"' in html
    assert theme.name_sv in html
    assert pledge.campaign.name_sv in html
    assert "Årets partnerskapsgärning 2026" in html
    assert "Ett föredömligt samarbete i Vasa." in html
    # Neuter, as "ett löfte" (issue 9: status words agree with the noun).
    assert "Utvalt till programmet" in html


def test_initiative_detail_shows_stage_and_partners_sought(client):
    initiative = InitiativeFactory(
        stage=Initiative.Stage.UNDER_WAY,
        partners_sought_fi="Etsimme kirjastoja ja kouluja.",
    )
    html = client.get(entry_url(initiative, "fi")).content.decode()
    assert "Etsimme kirjastoja ja kouluja." in html
    with translation.override("fi"):
        assert f"<dd>{initiative.get_stage_display()}</dd>" in html


def test_only_confirmed_partners_are_shown(client):
    pledge = PledgeFactory()
    PartnerFactory(
        submission=pledge.submission,
        organisation=OrganisationFactory(name="Vahvistettu kumppani ry"),
        status=Partner.Status.CONFIRMED,
    )
    PartnerFactory(
        submission=pledge.submission,
        organisation=OrganisationFactory(name="Odottava kumppani ry"),
        status=Partner.Status.PENDING,
    )
    PartnerFactory(
        submission=pledge.submission,
        organisation=OrganisationFactory(name="Kieltäytynyt kumppani ry"),
        status=Partner.Status.DECLINED,
    )
    html = client.get(entry_url(pledge, "fi")).content.decode()
    assert "Vahvistettu kumppani ry" in html
    assert "Odottava kumppani ry" not in html
    assert "Kieltäytynyt kumppani ry" not in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_private_contact_data_on_public_pages(client, lang):
    submission = SubmissionFactory(
        contact_name="Salainen Yhteyshenkilö",
        contact_email="salainen@example.fi",
        contact_phone="+358 40 1234567",
    )
    pledge = PledgeFactory(submission=submission)
    initiative = InitiativeFactory(
        submission=SubmissionFactory(
            contact_name="Toinen Salainen", contact_email="toinen.salainen@example.fi"
        )
    )
    PartnerFactory(submission=submission, contact_email="kumppani.salainen@example.fi")
    pages = [
        url("pledges:list", lang),
        url("initiatives:list", lang),
        entry_url(pledge, lang),
        entry_url(initiative, lang),
        url("pledges:feed", lang),
        url("initiatives:feed", lang),
        url("search:search", lang) + "?q=kielikahvilan",
        url("search:search", lang) + "?q=mentorointiohjelma",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        for secret in (
            "Salainen",
            "salainen@example.fi",
            "toinen.salainen",
            "1234567",
            "kumppani.salainen",
            "Maija",
        ):
            assert secret not in html, (page, secret)


def test_share_links_are_plain_links_with_the_hashtag(client):
    pledge = PledgeFactory(title_fi="Kielikahvila kirjastossa")
    canonical = "http://testserver" + entry_url(pledge, "fi")
    html = client.get(entry_url(pledge, "fi")).content.decode()
    from urllib.parse import quote

    encoded = quote(canonical, safe="")
    assert (
        'href="https://twitter.com/intent/tweet?text=Kielikahvila%20kirjastossa'
        f"&amp;url={encoded}&amp;hashtags=kotoutuminen2026" in html
    )
    assert f'href="https://www.linkedin.com/sharing/share-offsite/?url={encoded}"' in html
    assert 'href="mailto:?subject=Kielikahvila%20kirjastossa&amp;body=' in html
    assert "#kotoutuminen2026" in html
    assert "<script" not in html and "<iframe" not in html


def test_share_links_without_a_hashtag(client):
    pledge = PledgeFactory(submission=SubmissionFactory(campaign=CampaignFactory(hashtag="")))
    html = client.get(entry_url(pledge, "sv")).content.decode()
    assert "hashtags=" not in html
    assert "https://www.linkedin.com/sharing/share-offsite/" in html


def test_list_shows_badges_for_selected_and_awarded(client):
    AwardFactory().initiatives.add(InitiativeFactory(title_fi="Palkittu", selected=True))
    html = client.get(url("initiatives:list", "fi")).content.decode()
    assert "Valittu ohjelmaan" in html
    assert "Palkittu</a>" in html


def test_detail_and_search_need_few_queries(client, django_assert_max_num_queries):
    themes = list(Theme.objects.all())
    initiative = InitiativeFactory(themes=themes)
    AwardFactory().initiatives.add(initiative)
    for _number in range(3):
        PartnerFactory(submission=initiative.submission)
    for _number in range(30):
        PledgeFactory(themes=themes[:2])
    with django_assert_max_num_queries(6):
        assert client.get(entry_url(initiative, "sv")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(url("search:search", "fi"), {"q": "kielikahvilan"}).status_code == 200


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_yes_no_filters_are_grouped_as_checkboxes(client, lang):
    with translation.override(lang):
        html = client.get(reverse("pledges:list")).content.decode()
    fieldset = re.search(r'<fieldset class="filter-form__checks">(.*?)</fieldset>', html, re.S)
    assert fieldset is not None
    assert fieldset.group(1).count('type="checkbox"') == 2
