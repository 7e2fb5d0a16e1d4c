"""The Redis cache backend keeps one client per connection pool and still behaves as
Django's own (portal/redis_cache.py)."""

from portal.redis_cache import RedisCache


def test_one_client_serves_every_call_and_the_cache_works(redis_url):
    cache = RedisCache(redis_url, {"KEY_PREFIX": "redis-cache-test"})
    cache.clear()
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool

    cache.set("page", {"body": b"<html>"}, 60)
    cache.add("version", 7, None)
    assert cache.incr("version") == 8
    assert cache.get_many(["page", "version", "missing"]) == {
        "page": {"body": b"<html>"},
        "version": 8,
    }
    cache.delete("page")
    assert cache.get("page") is None
    assert cache._cache.get_client() is client
