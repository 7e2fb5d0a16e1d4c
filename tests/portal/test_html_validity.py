"""Every public page is valid HTML, checked by the Nu HTML checker (vnu.jar, npm vnu-jar)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import assert_valid_html, public_paths

pytestmark = pytest.mark.django_db


def test_public_pages_are_valid_html(client, tmp_path):
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    paths = [*public_paths(), "/fi/ei-ole-olemassa/", "/sv/ei-ole-olemassa/"]
    pages = []
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages.append(response.content)
    assert_valid_html(pages, tmp_path)
