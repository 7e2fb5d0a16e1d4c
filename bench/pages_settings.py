"""Settings for bench/pages.py: production settings, plus a folder of saved pages.

WhiteNoise serves the files in BENCH_WHITENOISE_ROOT from the site root, so a saved copy of a
page is answered by the same gunicorn workers and the same middleware stack entry as the
dynamic page, only without Django's view; BENCH_STATIC_ROOT holds the collected static files
that the manifest storage needs to render pages with DEBUG off.
"""

import os

from portal.settings import *  # noqa: F403

if os.environ.get("BENCH_WHITENOISE_ROOT"):
    WHITENOISE_ROOT = os.environ["BENCH_WHITENOISE_ROOT"]
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
