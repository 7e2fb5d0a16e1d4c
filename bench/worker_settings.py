"""Settings for the benchmark's Celery workers: production settings, unlimited rate."""

import os

from portal.settings import *  # noqa: F403

SITE_URL = os.environ.get("SITE_URL", "https://kumppanuusohjelma.example.fi")
MAILINGS_RATE_LIMIT_PER_SECOND = int(os.environ.get("MAILINGS_RATE_LIMIT_PER_SECOND", "0"))
MAILINGS_BATCH_SIZE = int(os.environ.get("MAILINGS_BATCH_SIZE", "100"))
MAILINGS_PARALLEL_BATCHES = int(os.environ.get("MAILINGS_PARALLEL_BATCHES", "8"))
MAILINGS_TASK_TIME_LIMIT = int(os.environ.get("MAILINGS_TASK_TIME_LIMIT", "60"))
