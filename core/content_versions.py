"""Version numbers of the public content, for caches that must follow every change.

Each topic (what a group of public pages shows) has a version number in the shared cache.
A write that changes what the public sees bumps its topics' versions once the transaction
commits; anything cached from public content (a page, a count, a sitemap) puts the versions
of the topics it shows into its key. The next request after a change misses and renders the
new content, and entries under old versions simply expire. With CACHE_URL pointing to Redis
this holds across web processes and machines.

A missing version (never set, evicted, or Redis restarted empty) starts from the current
time in nanoseconds, never from a small number, so an entry cached under an earlier version
can never be taken for current.
"""

import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

PREFIX = "content-version:"


def _key(topic: str) -> str:
    return f"{PREFIX}{topic}"


def versions(topics: Iterable[str]) -> str:
    """The current versions of these topics as one string, for a cache key."""
    topics = sorted(set(topics))
    keys = [_key(topic) for topic in topics]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return ".".join(f"{topic}{found[key]}" for topic, key in zip(topics, keys, strict=True))


def _bump_now(topics: Iterable[str]) -> None:
    for topic in set(topics):
        try:
            cache.incr(_key(topic))
        except ValueError:  # not set yet: any fresh start is newer than what was cached
            cache.set(_key(topic), time.time_ns(), timeout=None)


def bump(*topics: str) -> None:
    """Mark these topics changed: now, and again once the current transaction commits.

    The second bump is the one that counts in production: a request between the first bump
    and the commit still reads the old rows and may cache them under the new version. The
    first serves code that never commits in between (a test inside one transaction).
    """
    _bump_now(topics)
    transaction.on_commit(lambda: _bump_now(topics))


# Which topics a model's rows feed: told by the shell (portal.cache_invalidation), the one
# place that knows every public page; until then no model feeds any.
_resolvers: list[Callable[[type], Iterable[str]]] = []


def model_topics_set(resolver: Callable[[type], Iterable[str]]) -> None:
    _resolvers[:] = [resolver]


def bump_models(*models: type) -> None:
    """Mark the public content of these models changed (for writes that send no signal:
    bulk_create, QuerySet.update(), raw SQL)."""
    bump(*{topic for model in models for resolver in _resolvers for topic in resolver(model)})


def cached_value[T](name: str, topics: Iterable[str], compute: Callable[[], T], timeout=3600) -> T:
    """`compute()`, cached until one of `topics` changes (or `timeout` seconds pass)."""
    key = f"content-value:{name}:{versions(topics)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value
