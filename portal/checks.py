"""Deployment checks: the local-run defaults must not reach production unnoticed.

The settings default to a zero-setup laptop run (SQLite, a per-process cache, Celery tasks
in-process). With DEBUG off each of those still works, silently and wrongly, so
`manage.py check --deploy` reports them as errors.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

# Backends whose entries every web process sees (the others keep one copy per process).
SHARED_CACHE_BACKENDS = (RedisCache, BaseMemcachedCache, DatabaseCache)


@register(deploy=True)
def check_celery_broker(app_configs, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    broker = settings.CELERY_BROKER_URL or ""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problem = "Celery tasks run eagerly, inside the web request that queues them."
    elif urlsplit(broker).scheme in ("", "memory"):
        problem = f"The Celery broker {broker or '(none)'!r} lives in one process's memory."
    else:
        return []
    return [
        Error(
            problem,
            hint=(
                "Mail and other work would be done (and fail) inside the visitor's request "
                "and never be retried by a worker. Set CELERY_BROKER_URL to the Redis "
                "broker the workers use, e.g. redis://redis:6379/0."
            ),
            id="portal.E001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    for alias, config in settings.CACHES.items():
        try:
            backend = import_string(config["BACKEND"])
        except ImportError:
            continue  # Django's own cache checks report a backend that cannot be imported.
        if issubclass(backend, SHARED_CACHE_BACKENDS):
            continue
        errors.append(
            Error(
                f"The cache {alias!r} ({config['BACKEND']}) is not shared between processes.",
                hint=(
                    "Each web process would keep its own rate-limit counters, login "
                    "lock-outs and page cache, and a content change would invalidate only "
                    "one of them. Set CACHE_URL to Redis (e.g. redis://redis:6379/1); "
                    "Memcached or the database cache also do."
                ),
                id="portal.E002",
            )
        )
    return errors


@register(deploy=True)
def check_database(app_configs, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    return [
        Error(
            f"The database {alias!r} is SQLite.",
            hint=(
                "SQLite is the local-run default: a file on one machine, without the full-text "
                "search, row locks and statement timeouts the portal relies on. Set "
                "DATABASE_URL to PostgreSQL, e.g. postgres://user:password@host:5432/portal."
            ),
            id="portal.E003",
        )
        for alias, config in settings.DATABASES.items()
        if "sqlite" in config["ENGINE"]
    ]
