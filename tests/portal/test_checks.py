"""`check --deploy` refuses the local-run defaults (SQLite, a per-process cache, eager Celery)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error, run_checks

ROOT = Path(__file__).resolve().parents[2]
SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "portal"}}
REDIS = {"default": {"BACKEND": "portal.redis_cache.RedisCache", "LOCATION": "redis://x:6379/1"}}
SAFE = {
    "DEBUG": False,
    "CELERY_TASK_ALWAYS_EAGER": False,
    "CELERY_BROKER_URL": "redis://redis.example.fi:6379/0",
    "CACHES": REDIS,
}
# Overriding DATABASES changes no connection here: the checks only read the setting.
ignore_databases_override = pytest.mark.filterwarnings(
    "ignore:Overriding setting DATABASES can lead to unexpected behavior"
)


def portal_errors(*, deploy: bool = True) -> dict[str, Error]:
    return {
        message.id: message
        for message in run_checks(include_deployment_checks=deploy)
        if message.id.startswith("portal.")
    }


@ignore_databases_override
def test_production_like_settings_pass(settings):
    for name, value in {**SAFE, "DATABASES": POSTGRES}.items():
        setattr(settings, name, value)
    assert portal_errors() == {}


@pytest.mark.parametrize(
    ("unsafe", "error_id"),
    [
        ({"CELERY_TASK_ALWAYS_EAGER": True}, "portal.E001"),
        ({"CELERY_BROKER_URL": "memory://"}, "portal.E001"),
        ({"CELERY_BROKER_URL": ""}, "portal.E001"),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}},
            "portal.E002",
        ),
        (
            {"CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}},
            "portal.E002",
        ),
        (
            {
                "CACHES": {
                    "default": {
                        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                        "LOCATION": "/tmp/portal-cache",
                    }
                }
            },
            "portal.E002",
        ),
        ({"DATABASES": SQLITE}, "portal.E003"),
    ],
)
@ignore_databases_override
def test_each_unsafe_setting_is_an_error_with_a_hint(settings, unsafe, error_id):
    for name, value in {**SAFE, "DATABASES": POSTGRES, **unsafe}.items():
        setattr(settings, name, value)
    errors = portal_errors()
    assert list(errors) == [error_id]
    assert isinstance(errors[error_id], Error)
    assert errors[error_id].hint


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.db.DatabaseCache",
    ],
)
def test_shared_caches_pass(settings, backend):
    for name, value in SAFE.items():
        setattr(settings, name, value)
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "portal_cache"}}
    assert "portal.E002" not in portal_errors()


@ignore_databases_override
def test_local_run_with_debug_on_is_not_refused(settings):
    settings.DEBUG = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DATABASES = SQLITE
    assert portal_errors() == {}


def test_checks_run_only_for_deployment(settings):
    # Plain `check` (before runserver, migrate, every command) stays quiet; --deploy reports.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert "portal.E001" not in portal_errors(deploy=False)
    assert "portal.E001" in portal_errors(deploy=True)


def test_check_deploy_fails_on_the_defaults():
    services = {"DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in services}
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-for-the-check-0123456789-abcdefgh",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for error_id in ("portal.E001", "portal.E002", "portal.E003"):
        assert f"({error_id})" in output
    assert "Set CELERY_BROKER_URL" in output
    assert "Set CACHE_URL" in output
    assert "Set DATABASE_URL" in output
