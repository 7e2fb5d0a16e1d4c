"""One sending rate shared by all senders, counted in Redis."""

import threading
import time
from collections import Counter

from mailings.rate import rate_limit_wait


def test_senders_together_stay_under_the_limit_per_second(redis_url):
    """Two senders share one limit of 20 a second: no second grants more than 20 slots,
    so 50 mails need at least three seconds' slots.

    Counted by the second each slot was granted in, not by when the sender got round to
    noting it: on a loaded machine a slot granted at 0.999 is noted after the next second
    began, which says nothing about the limit."""
    granted: list[int] = []
    lock = threading.Lock()

    def sender() -> None:
        for _ in range(25):
            second = rate_limit_wait(limit=20, url=redis_url)
            with lock:
                granted.append(second)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(granted) == 50 and None not in granted
    per_second = Counter(granted)
    assert max(per_second.values()) <= 20, per_second
    assert len(per_second) >= 3, per_second
    assert time.monotonic() - started >= 1.0


def test_redis_down_falls_back_to_local_pacing():
    started = time.monotonic()
    for _ in range(5):
        rate_limit_wait(limit=50, url="redis://127.0.0.1:1/0")
    assert time.monotonic() - started >= 5 / 50
