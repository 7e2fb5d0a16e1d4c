"""Every admin page renders, with per-language fields, in the staff member's language."""

import pytest
from django.contrib import admin

from tests.programmes.factories import (
    AnnualThemeFactory,
    ContactPersonFactory,
    GoalFactory,
    PublicationFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    goal = GoalFactory()
    AnnualThemeFactory(programme=goal.programme)
    PublicationFactory(programme=goal.programme)
    ContactPersonFactory(programme=goal.programme)


def admin_urls(request) -> list[str]:
    urls = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        if model_admin.has_add_permission(request):
            urls.append(f"{base}add/")
        obj = model.objects.first()
        if obj is not None:
            urls.append(f"{base}{obj.pk}/change/")
    return urls


def test_every_admin_page_renders(admin_client, admin_user, rf, content):
    request = rf.get("/admin/")
    request.user = admin_user
    urls = admin_urls(request)
    assert any("/themes/theme/" in url for url in urls)
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_theme_change_form_has_both_languages_and_local_jquery_ui(admin_client):
    theme = Theme.objects.get(number=1)
    html = admin_client.get(f"/admin/themes/theme/{theme.pk}/change/").content.decode()
    for field in ("name_fi", "name_sv", "slug_fi", "slug_sv", "description_fi", "description_sv"):
        assert f'name="{field}"' in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html


@pytest.mark.parametrize(
    ("accept", "lang", "text"),
    [
        ("sv", "sv", "Teman"),
        ("fi", "fi", "Teemat"),
    ],
)
def test_admin_follows_the_staff_members_language(admin_client, accept, lang, text):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{lang}"' in html
    assert text in html


def test_admin_language_switch_sets_the_language(admin_client):
    response = admin_client.post(
        "/i18n/setlang/", {"language": "sv", "next": "/admin/"}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 302
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<html lang="sv"' in html


def test_admin_requires_staff(client, django_user_model):
    assert client.get("/admin/themes/theme/").status_code == 302
    user = django_user_model.objects.create_user("visitor", password="a-long-password-123")
    client.force_login(user)
    response = client.get("/admin/themes/theme/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
