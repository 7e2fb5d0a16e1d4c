"""Every public page is valid HTML, checked by the Nu HTML checker (vnu.jar, npm vnu-jar)."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.conftest import skip_or_fail
from themes.models import Theme

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.django_db


def test_public_pages_are_valid_html(client, tmp_path):

    java = shutil.which("java")
    if not java or not VNU.exists():
        skip_or_fail("the Nu HTML checker needs java and node_modules/vnu-jar (npm ci)")
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    files = []
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
        for number, path in enumerate(paths):
            response = client.get(path)
            assert response.status_code in (200, 404), path
            page = tmp_path / f"{lang}-{number}.html"
            page.write_bytes(response.content)
            files.append(page)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "text", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
