"""Every public page is valid HTML, checked by the Nu HTML checker (vnu.jar, npm vnu-jar)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.conftest import assert_valid_html
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_public_pages_are_valid_html(client, tmp_path):
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    pages = []
    for lang in ("fi", "sv"):
        with translation.override(lang):
            paths = [
                reverse(name)
                for name in (
                    "home",
                    "programmes:programme",
                    "themes:list",
                    "accessibility",
                    "privacy",
                )
            ]
            paths += [theme.get_absolute_url() for theme in Theme.objects.all()]
        paths.append(f"/{lang}/ei-ole-olemassa/")
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 404), path
            pages.append(response.content)
    assert_valid_html(pages, tmp_path)
