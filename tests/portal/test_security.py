"""The security baseline: CSP on every page, no inline script, production hardening."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import public_paths
from themes.models import Theme

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-the-check-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "kumppanuusohjelma.example.fi",
    "SITE_URL": "https://kumppanuusohjelma.example.fi",
    "SMTP_HOST": "smtp.example.fi",
    "DATABASE_URL": "postgres://portal@db.example.fi:5432/portal",
    "CACHE_URL": "redis://redis.example.fi:6379/1",
    "CELERY_BROKER_URL": "redis://redis.example.fi:6379/0",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The test process itself sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production does not.
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_every_public_page_carries_an_enforced_csp_without_inline_script(client):
    for path in [*public_paths(), "/fi/ei-ole/"]:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", csp).group(1)
        assert "'unsafe-inline'" not in script_src, path
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {path}"
        assert " style=" not in html, f"inline style on {path}"
        assert "http://" not in html.replace("http://testserver", ""), f"external URL on {path}"


@pytest.mark.parametrize("path", ["/admin/", "/admin/themes/theme/", "/admin/themes/theme/add/"])
def test_admin_carries_the_csp(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    script_src = re.search(r"script-src ([^;]+)", response["Content-Security-Policy"]).group(1)
    assert script_src.startswith("'self'")
    assert "'unsafe-inline'" not in script_src


def test_admin_login_page_carries_the_csp(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_hsts_and_secure_cookies_in_production(client, settings):
    response = client.get("/fi/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000"]


def test_deploy_check_is_clean_with_production_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_pages_in_both_languages_with_alternates(client):
    from tests.portal.test_sitemaps import sitemap_pages

    xml = "".join(page.text for page in sitemap_pages(client))
    theme = Theme.objects.get(number=1)
    assert f"<loc>http://testserver/fi/teemat/{theme.slug_fi}/</loc>" in xml
    assert f"<loc>http://testserver/sv/teman/{theme.slug_sv}/</loc>" in xml
    assert 'hreflang="sv" href="http://testserver/sv/programmet/"' in xml
