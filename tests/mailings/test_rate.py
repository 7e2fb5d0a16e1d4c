"""One sending rate shared by all senders, counted in Redis."""

import threading
import time
from collections import Counter

from mailings.rate import rate_limit_wait


def test_senders_together_stay_under_the_limit_per_second(redis_url):
    stamps: list[float] = []
    lock = threading.Lock()

    def sender() -> None:
        for _ in range(25):
            rate_limit_wait(limit=20, url=redis_url)
            with lock:
                stamps.append(time.time())

    threads = [threading.Thread(target=sender) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(stamps) == 50
    per_second = Counter(int(stamp) for stamp in stamps)
    assert max(per_second.values()) <= 20, per_second
    assert time.monotonic() - started >= 1.0


def test_redis_down_falls_back_to_local_pacing():
    started = time.monotonic()
    for _ in range(5):
        rate_limit_wait(limit=50, url="redis://127.0.0.1:1/0")
    assert time.monotonic() - started >= 5 / 50
