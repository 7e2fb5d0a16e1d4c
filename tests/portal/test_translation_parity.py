"""Translation parity: the status column and filter, the staff page of what lacks a
language, and ministry content that cannot be published with a language empty."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from core.admin_mixins import missing_languages, missing_text
from events.models import Event
from news.models import NewsItem
from pledges.models import Pledge
from programmes.models import Programme
from tests.conftest import verified_login
from tests.events.factories import EventFactory
from tests.pledges.factories import AwardFactory, PledgeFactory
from tests.programmes.factories import ProgrammeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, admin_user):
    return verified_login(client, admin_user)


def news(**fields) -> NewsItem:
    defaults = {"title_fi": "Uutinen", "title_sv": "Nyhet", "lead_fi": "Ingressi.", "lead_sv": ""}
    return NewsItem.objects.create(**{**defaults, **fields})


def test_missing_is_text_in_one_language_only():
    assert missing_languages(news()) == ["sv"]
    assert missing_languages(news(lead_sv="Ingress.")) == []
    assert missing_languages(news(title_fi="", lead_fi="", lead_sv="Ingress.")) == ["fi"]
    # A field empty in both languages is optional content, not a missing translation.
    assert missing_languages(news(lead_fi="")) == []
    both = news(lead_fi="", lead_sv="Ingress.", body_fi="Teksti.")
    assert missing_languages(both) == ["fi", "sv"]
    assert missing_text(both) == "suomi ja ruotsi puuttuvat"


@pytest.mark.parametrize(
    "url_name",
    [
        "pledges_pledge_changelist",
        "pledges_initiative_changelist",
        "pledges_award_changelist",
        "programmes_programme_changelist",
        "programmes_relatedprogramme_changelist",
        "programmes_annualtheme_changelist",
        "programmes_publication_changelist",
        "programmes_contactperson_changelist",
        "programmes_campaign_changelist",
        "news_newsitem_changelist",
        "themes_theme_changelist",
        "events_event_changelist",
        "mailings_newsletter_changelist",
    ],
)
@pytest.mark.parametrize("value", ["", "complete", "fi", "sv"])
def test_every_translated_model_has_the_column_and_the_filter(staff, url_name, value):
    response = staff.get(reverse(f"admin:{url_name}"), {"translation": value} if value else {})
    assert response.status_code == 200
    assert "translation_status" in response.context["cl"].list_display
    assert 'href="?translation=sv"' in response.content.decode()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_filter_and_column_on_news(staff, lang):
    complete = news(title_fi="Valmis", lead_sv="Ingress.")
    only_fi = news(title_fi="Vain suomeksi")
    only_sv = news(title_fi="", title_sv="Bara svenska", lead_fi="")
    url = reverse("admin:news_newsitem_changelist")

    def shown(value):
        response = staff.get(url, {"translation": value}, HTTP_ACCEPT_LANGUAGE=lang)
        return {obj.pk for obj in response.context["cl"].result_list}

    assert shown("complete") == {complete.pk}
    assert shown("sv") == {only_fi.pk}
    assert shown("fi") == {only_sv.pk}
    page = staff.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert {"fi": "ruotsi puuttuu", "sv": "svenska saknas"}[lang] in page


def test_parity_page_lists_what_lacks_a_language_oldest_first(staff, django_assert_max_num_queries):
    newer = PledgeFactory(title_fi="Uudempi lupaus")
    older = PledgeFactory(title_fi="Vanhempi lupaus")
    Pledge.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=30))
    complete = PledgeFactory(title_fi="Valmis", title_sv="Klar", text_sv="Text.")
    AwardFactory()  # both languages: not listed
    EventFactory(title_fi="Vain suomeksi", title_sv="", slug_sv="")
    url = reverse("admin:translation_parity")
    with django_assert_max_num_queries(30):
        response = staff.get(url, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    rows = [row["object"] for row in response.context["rows"]]
    assert rows.index(older.title_fi) < rows.index(newer.title_fi)
    assert complete.title_fi not in rows
    assert any(r.startswith("Vain suomeksi") for r in rows)
    html = response.content.decode()
    assert reverse("admin:pledges_pledge_change", args=[older.pk]) in html
    assert "ruotsi" in html


def test_parity_page_shows_only_models_the_staff_member_may_view(client, django_user_model):
    PledgeFactory(title_fi="Salainen lupaus")
    user = django_user_model.objects.create_user(username="muu", is_staff=True)
    verified_login(client, user)
    response = client.get(reverse("admin:translation_parity"))
    assert response.status_code == 200
    assert "Salainen lupaus" not in response.content.decode()


def test_parity_page_needs_the_admin_login(client):
    response = client.get(reverse("admin:translation_parity"))
    assert response.status_code == 302


def news_post(**overrides) -> dict:
    data = {
        "kind": "news",
        "title_fi": "Uutinen",
        "title_sv": "Nyhet",
        "lead_fi": "Ingressi.",
        "lead_sv": "Ingress.",
        "body_fi": "",
        "body_sv": "",
        "published_fi_0": "",
        "published_fi_1": "",
        "published_sv_0": "",
        "published_sv_1": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("lang", "message"),
    [("fi", "Kirjoita tämä myös ruotsiksi"), ("sv", "Skriv det här också på svenska")],
)
def test_news_is_not_published_with_swedish_empty(staff, lang, message):
    url = reverse("admin:news_newsitem_add")
    published = {"published_fi_0": "2026-01-05", "published_fi_1": "10:00"}
    response = staff.post(url, news_post(lead_sv="", **published), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NewsItem.objects.exists()
    # Without a publication time it may wait for its translation (a draft).
    assert staff.post(url, news_post(lead_sv="")).status_code == 302
    # With both languages it is published.
    staff.post(url, news_post(title_fi="Toinen", **published))
    assert NewsItem.objects.get(title_fi="Toinen").published_fi is not None


def test_event_is_not_published_with_a_language_empty(staff):
    event = EventFactory(is_published=False, title_sv="", description_sv="")
    url = reverse("admin:events_event_change", args=[event.pk])
    form = staff.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data.update({"is_published": "on", "registrations-TOTAL_FORMS": "0"})
    data.update({"registrations-INITIAL_FORMS": "0"})
    response = staff.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert "Kirjoita tämä myös ruotsiksi" in response.content.decode()
    event.refresh_from_db()
    assert not event.is_published
    data.update({"title_sv": "Möte", "description_sv": "Beskrivning."})
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(pk=event.pk).is_published


def test_theme_and_programme_need_both_languages(staff):
    theme = Theme.objects.order_by("number").first()
    url = reverse("admin:themes_theme_change", args=[theme.pk])
    form = staff.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["description_fi"] = "Kuvaus."
    data["description_sv"] = ""
    response = staff.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert "Kirjoita tämä myös ruotsiksi" in response.content.decode()

    programme = ProgrammeFactory(description_sv="")
    assert missing_languages(Programme.objects.get(pk=programme.pk)) == ["sv"]
