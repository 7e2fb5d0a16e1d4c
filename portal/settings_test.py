"""Test settings: production settings with the few changes tests need."""

import os

# Tests run with DEBUG off, like production, so they need a key and no TLS redirect.
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from portal.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SITE_URL = "http://testserver"
# The manifest needs collectstatic; under live_server it would make every static URL 404.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from the app and project folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Test-only templates (a sample mail for the outbox tests).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
# Tasks run in-process unless a test switches the Celery app to the real broker and a
# worker (see the fixtures in tests/mailings); CI exports a broker URL for those tests.
CELERY_TASK_ALWAYS_EAGER = True
# django-axes needs the request in authenticate(), which the test client's login() does not
# pass; the lock-out tests switch it on explicitly.
AXES_ENABLED = False
