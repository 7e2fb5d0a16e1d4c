"""One sending rate shared by every worker: a per-second counter in the broker's Redis.

Celery's own rate_limit counts per worker process; a mail server or provider cares about
the total. Each mail takes a slot in the current second's counter (INCR, expiring key);
when the second is full the sender waits for the next one. Without a Redis broker (a
laptop running tasks in-process) there is only one sender and a local pause suffices.
"""

import logging
import threading
import time

import redis
from django.conf import settings

logger = logging.getLogger(__name__)
_local = threading.local()


def rate_limit_per_second() -> int:
    return int(getattr(settings, "MAILINGS_RATE_LIMIT_PER_SECOND", 50))


def _client(url: str) -> redis.Redis:
    client = getattr(_local, "client", None)
    if client is None or getattr(_local, "url", None) != url:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        _local.client, _local.url = client, url
    return client


def _broker_url() -> str:
    from celery import current_app

    return str(current_app.conf.broker_url or "")


def rate_limit_wait(*, limit: int | None = None, url: str | None = None) -> int | None:
    """Block until one more mail may go out under the shared per-second limit.

    Returns the second (Unix time) whose slot was taken, or None when no shared counter was
    used (no limit, no Redis broker, or Redis away).
    """
    limit = rate_limit_per_second() if limit is None else limit
    if limit <= 0:
        return None
    url = url or _broker_url()
    if not url.startswith(("redis://", "rediss://")):
        time.sleep(1 / limit)
        return None
    client = _client(url)
    while True:
        now = time.time()
        second = int(now)
        key = f"mailings:rate:{second}"
        try:
            pipe = client.pipeline()
            pipe.incr(key)
            pipe.expire(key, 5)
            count = pipe.execute()[0]
        except redis.RedisError:
            # Redis away: keep this worker's own share of the limit and carry on.
            logger.warning("Rate-limit counter unavailable; pacing locally", exc_info=True)
            time.sleep(1 / limit)
            return None
        if count <= limit:
            return second
        time.sleep(max(0.001, second + 1 - time.time()))
