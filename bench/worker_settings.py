"""Settings for the benchmark's Celery workers: production settings, unlimited rate."""

import os

from portal.settings import *  # noqa: F403

SITE_URL = os.environ.get("SITE_URL", "https://kumppanuusohjelma.example.fi")
MAILINGS_RATE_LIMIT_PER_SECOND = int(os.environ.get("MAILINGS_RATE_LIMIT_PER_SECOND", "0"))
MAILINGS_BATCH_SIZE = int(os.environ.get("MAILINGS_BATCH_SIZE", "100"))
MAILINGS_PARALLEL_BATCHES = int(os.environ.get("MAILINGS_PARALLEL_BATCHES", "8"))
MAILINGS_TASK_TIME_LIMIT = int(os.environ.get("MAILINGS_TASK_TIME_LIMIT", "60"))

# MAILINGS_PROFILE_DIR=/tmp/x: each worker child profiles its tasks with cProfile and
# rewrites <dir>/worker-<pid>.prof after every task (for finding where worker time goes).
if os.environ.get("MAILINGS_PROFILE_DIR"):
    import cProfile
    import time

    from celery.signals import task_postrun, task_prerun

    _profiles: dict[int, cProfile.Profile] = {}

    @task_prerun.connect(weak=False)
    def _profile_start(**_kwargs) -> None:
        _profiles.setdefault(os.getpid(), cProfile.Profile(time.process_time)).enable()

    @task_postrun.connect(weak=False)
    def _profile_stop(**_kwargs) -> None:
        profile = _profiles[os.getpid()]
        profile.disable()
        directory = os.environ["MAILINGS_PROFILE_DIR"]
        path = os.path.join(directory, f"worker-{os.getpid()}.prof")
        profile.dump_stats(path + ".tmp")
        os.replace(path + ".tmp", path)
