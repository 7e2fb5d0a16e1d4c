"""Settings come from the environment: defaults for a laptop, everything overridable."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SMTP_HOST",
    "SMTP_PORT",
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL,
    "mailer": s.MAILERS["default"]["BACKEND"],
    "mail_options": {k: v for k, v in s.MAILERS["default"]["OPTIONS"].items() if k != "password"},
    "languages": [code for code, _ in s.LANGUAGES],
    "default_language": s.LANGUAGE_CODE,
    "time_zone": s.TIME_ZONE,
}))
"""


def settings_with(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_defaults_need_no_services():
    values = settings_with(DEBUG="true")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "var" / "db.sqlite3")
    assert values["eager"] is True
    assert values["mailer"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["mail_options"] == {"file_path": str(ROOT / "var" / "mail")}
    assert values["languages"] == ["fi", "sv"]
    assert values["default_language"] == "fi"
    assert values["time_zone"] == "Europe/Helsinki"


def test_services_come_from_the_environment():
    values = settings_with(
        DEBUG="true",
        DATABASE_URL="postgres://portal:secret@db.example.fi:5433/portal",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/3",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT="1025",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "portal"
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"
    assert values["mailer"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["mail_options"]["host"] == "127.0.0.1"
    assert values["mail_options"]["port"] == 1025
