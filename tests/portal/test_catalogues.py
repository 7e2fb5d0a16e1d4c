"""The fi and sv message catalogues are complete: nothing untranslated, nothing fuzzy."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_catalogue_is_complete(lang):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is needed to build the catalogues"
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
    assert "translated message" in result.stderr


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_catalogue_header_is_not_fuzzy(lang):
    # A fuzzy header is skipped by msgfmt, and with it the UTF-8 charset: å ä ö would break.
    text = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    header = text.split('msgid ""', 1)[0]
    assert "#, fuzzy" not in header
    assert "charset=UTF-8" in text
