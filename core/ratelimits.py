"""Per-address limits on the public forms: django-ratelimit, with the refusal telling when.

django-ratelimit's own decorator raises a bare exception, so the 429 page cannot know which
limit refused or when it lifts. This decorator counts exactly as django-ratelimit's does
(same cache keys, same fixed windows) and puts the seconds until the window ends on the
exception; portal.views.ratelimited turns that into Retry-After and the page's wording.
"""

import re
from collections.abc import Callable
from functools import wraps

from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Ratelimited):
    """A refused request, with the seconds until the limit that refused it lifts."""

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


def rate_window_seconds(rate: str) -> int:
    """The length of a django-ratelimit rate's window: "10/10m" is 600 s."""
    match = _RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate of the form count/[n]unit: {rate!r}")
    return int(match.group(2) or 1) * _UNIT_SECONDS[match.group(3)]


def ratelimit(
    *, key: str, rate: str, method=ALL, group: str | None = None, block: bool = True
) -> Callable:
    """Refuse a view over `rate` per `key` (429 page through RatelimitMiddleware); with
    block=False only mark request.limited, as django-ratelimit's decorator does."""
    window = rate_window_seconds(rate)

    def decorator(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapped(request, *args, **kwargs):
            usage = get_usage(
                request, group=group, fn=fn, key=key, rate=rate, method=method, increment=True
            )
            limited = usage is not None and usage["should_limit"]
            request.limited = limited or getattr(request, "limited", False)
            if limited and block:
                # time_left counts to the window's last second (django-ratelimit still
                # counts into this window at that second); -1 when the cache could not
                # count, and then a whole window is the honest answer.
                time_left = usage["time_left"]
                retry_after = min(time_left + 1, window) if time_left >= 0 else window
                raise RateLimited(retry_after=retry_after)
            return fn(request, *args, **kwargs)

        return wrapped

    return decorator
