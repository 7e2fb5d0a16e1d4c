"""Settings for a Celery worker started by the worker tests (a separate process).

Production settings, plus the mailing knobs the tests turn through the environment
(portal.settings does not read them yet, so the worker would otherwise use the defaults).
"""

import os

from portal.settings import *  # noqa: F403

SITE_URL = os.environ.get("SITE_URL", "http://testserver")
MAILINGS_RATE_LIMIT_PER_SECOND = int(os.environ.get("MAILINGS_RATE_LIMIT_PER_SECOND", "50"))
MAILINGS_BATCH_SIZE = int(os.environ.get("MAILINGS_BATCH_SIZE", "50"))
MAILINGS_PARALLEL_BATCHES = int(os.environ.get("MAILINGS_PARALLEL_BATCHES", "4"))
MAILINGS_TASK_TIME_LIMIT = int(os.environ.get("MAILINGS_TASK_TIME_LIMIT", "60"))
