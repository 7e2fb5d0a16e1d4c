"""The demo's history: the 2015 campaign (#kotolupaus) with its own entries and awards."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from pledges.models import Award, Initiative, Organisation, Pledge
from pledges.selectors import initiatives_public, pledges_public
from programmes.models import Campaign
from programmes.selectors import campaign_open, campaigns_closed

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", "--allow-production", stdout=StringIO())


def campaign_2015() -> Campaign:
    return Campaign.objects.get(hashtag="kotolupaus")


def test_the_2015_campaign_is_closed_with_its_deadline():
    seed()
    campaign = campaign_2015()
    assert timezone.localtime(campaign.closes_at).date().isoformat() == "2015-11-16"
    assert timezone.localtime(campaign.opens_at).date().isoformat() == "2015-10-06"
    assert campaign in campaigns_closed()
    assert campaign_open() != campaign
    assert campaign.name_fi and campaign.name_sv
    assert "16. marraskuuta 2015" in campaign.description_fi
    assert "16 november 2015" in campaign.description_sv
    # Beside the current campaign, not instead of it.
    assert Campaign.objects.filter(opens_at__lte=timezone.now(), closes_at__gt=timezone.now())


def test_its_entries_are_public_in_both_languages_some_selected_some_awarded():
    seed()
    campaign = campaign_2015()
    pledges = list(pledges_public().filter(campaign=campaign))
    initiatives = list(initiatives_public().filter(campaign=campaign))
    assert len(pledges) >= 3 and len(initiatives) >= 2
    entries = pledges + initiatives
    assert all(e.title_fi and e.title_sv and e.text_fi and e.text_sv for e in entries)
    assert 0 < sum(e.selected for e in entries) < len(entries)
    awards = list(Award.objects.filter(campaign=campaign, year=2015))
    assert 2 <= len(awards) <= 3
    for award in awards:
        assert award.name_fi and award.name_sv and award.reasoning_fi and award.reasoning_sv
        winners = [*award.pledges.all(), *award.initiatives.all()]
        assert winners and all(w in entries for w in winners)
    # Partners and a nationwide organisation, as in the real campaign "alone or with others".
    assert any(i.submission.partners.exists() for i in initiatives)
    assert Organisation.objects.filter(nationwide=True, initiatives__campaign=campaign).exists()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_awarded_2015_entry_page_shows_the_award_and_its_reasoning(client, lang):
    seed()
    award = Award.objects.filter(campaign=campaign_2015()).exclude(pledges=None).first()
    pledge = award.pledges.first()
    with translation.override(lang):
        url = pledge.get_absolute_url()
    html = client.get(url).content.decode()
    assert escape(getattr(pledge, f"title_{lang}")) in html
    assert escape(getattr(award, f"name_{lang}")) in html
    assert escape(getattr(award, f"reasoning_{lang}")) in html
    assert escape(getattr(campaign_2015(), f"name_{lang}")) in html


@pytest.mark.parametrize(("lang", "name"), [("fi", "pledges:list"), ("sv", "initiatives:list")])
def test_public_lists_filter_by_the_2015_campaign(client, lang, name):
    seed()
    campaign = campaign_2015()
    with translation.override(lang):
        path = reverse(name)
    html = client.get(path, {"campaign": campaign.pk}).content.decode()
    model = Pledge if name == "pledges:list" else Initiative
    for entry in model.objects.filter(campaign=campaign):
        assert escape(getattr(entry, f"title_{lang}")) in html
    current = model.objects.exclude(campaign=campaign).exclude(**{f"title_{lang}": ""}).first()
    assert escape(getattr(current, f"title_{lang}")) not in html
    campaign_name = escape(getattr(campaign, f"name_{lang}"))
    assert f'<option value="{campaign.pk}" selected>{campaign_name}</option>' in html


@pytest.mark.parametrize(("lang", "path"), [("fi", "/fi/ohjelma/"), ("sv", "/sv/programmet/")])
def test_programme_page_tells_the_history(client, lang, path):
    seed()
    html = client.get(path).content.decode()
    history = html[html.index('id="history-title"') :]
    assert escape(getattr(campaign_2015(), f"name_{lang}")) in history
    assert "#kotolupaus" in history
    # The archive of umbrella themes, 2019 (equality) included.
    assert {"fi": "Tasa-arvo", "sv": "Jämställdhet"}[lang] in html


def test_reseeding_creates_only_what_is_missing():
    seed()
    campaign = campaign_2015()
    campaign.description_sv = "Personalens egen text."
    campaign.save()
    award = Award.objects.filter(campaign=campaign).first()
    award.initiatives.clear()
    award.pledges.clear()
    pledge = Pledge.objects.filter(campaign=campaign).first()
    pledge.title_fi = "Muokattu otsikko"
    pledge.save()
    counts = (Pledge.objects.count(), Initiative.objects.count(), Award.objects.count())

    seed()

    campaign.refresh_from_db()
    pledge.refresh_from_db()
    assert campaign.description_sv == "Personalens egen text."
    assert pledge.title_fi == "Muokattu otsikko"
    assert not award.pledges.exists() and not award.initiatives.exists()
    assert (Pledge.objects.count(), Initiative.objects.count(), Award.objects.count()) == counts


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"), [("sv", "Vasa", "Vaasa"), ("fi", "Vaasa", "Vasa")]
)
def test_demo_organisations_name_their_municipality_in_the_page_language(
    client, lang, shown, hidden
):
    seed()
    organisation = Organisation.objects.get(name="Kustbygdens församling")
    assert organisation.municipality_id == "905"
    pledge = pledges_public().filter(organisation=organisation).first()
    with translation.override(lang):
        html = client.get(pledge.get_absolute_url()).content.decode()
    assert f"<dd>{shown}</dd>" in html and f"<dd>{hidden}</dd>" not in html
