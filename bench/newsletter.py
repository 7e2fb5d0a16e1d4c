"""Benchmark (not a test): one newsletter to many subscribers through two Celery workers.

Sends one newsletter to N subscribers (default 100,000) with two `celery worker`
processes to a local SMTP sink, then, in the same run and to the same sink, the same
number of mails with a bare smtplib loop over one connection. Prints both rates in mails
per second and their ratio (the machine is shared and noisy: the ratio is the number to
compare between runs).

Needs PostgreSQL and Redis. Uses its own database (dropped and re-created) and Redis db:

    .venv/bin/python bench/newsletter.py --subscribers 100000 \
        --database postgres://postgres@127.0.0.1:5432/bench_mailings \
        --broker redis://127.0.0.1:6379/13

The workers read their knobs from the environment (bench/worker_settings.py):
MAILINGS_BATCH_SIZE, MAILINGS_PARALLEL_BATCHES, MAILINGS_RATE_LIMIT_PER_SECOND (0 here)
and MAILINGS_TASK_TIME_LIMIT.
"""

import argparse
import asyncio
import email.policy
import os
import resource
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database  # noqa: E402 - after the path is set


class CountingSink:
    """An aiosmtpd SMTP server on the loopback that only counts what it accepts."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.count = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.count += 1
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def start_worker(env: dict, index: int, log_dir: Path, concurrency: int) -> subprocess.Popen:
    log = (log_dir / f"bench-worker-{index}.log").open("wb")
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "portal",
            "worker",
            "-Q",
            "transactional,default,bulk",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench{index}@%h",
            "-l",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_mailings"
        ),
    )
    parser.add_argument(
        "--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
    )
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument(
        "--concurrency", type=int, default=2, help="prefork child processes per worker"
    )
    args = parser.parse_args()

    sink = CountingSink()
    sink.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.worker_settings",
        "DATABASE_URL": args.database,
        "CELERY_BROKER_URL": args.broker,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sink.port),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef"),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    recreate_database(args.database)
    import redis

    redis.Redis.from_url(args.broker).flushdb()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from mailings.models import Delivery, Newsletter, Subscriber, Subscription
    from mailings.rendering import delivery_message
    from mailings.services import newsletter_send_now

    print(f"creating {args.subscribers:,} subscribers …", flush=True)
    for start in range(0, args.subscribers, 10_000):
        rows = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"tilaaja{index}@example.fi",
                email_key=f"tilaaja{index}@example.fi",
                language="fi" if index % 3 else "sv",
                status=Subscriber.Status.CONFIRMED,
            )
            for index in range(start, min(start + 10_000, args.subscribers))
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=row, topic="newsletter") for row in rows
        )
    newsletter = Newsletter.objects.create(
        subject_fi="Kumppanuusohjelman uutiskirje: syksyn tapahtumat",
        subject_sv="Partnerskapsprogrammets nyhetsbrev: höstens evenemang",
        body_fi="## Tervetuloa\n\nSyksyllä järjestämme **kolme** verkostotapaamista.\n\n"
        "[Lue lisää](https://kumppanuusohjelma.example.fi/fi/tapahtumat/)",
        body_sv="## Välkommen\n\nI höst ordnar vi **tre** nätverksträffar.\n\n"
        "[Läs mer](https://kumppanuusohjelma.example.fi/sv/evenemang/)",
        topics=["newsletter"],
    )

    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    workers = [start_worker(env, index, log_dir, args.concurrency) for index in (1, 2)]
    try:
        time.sleep(3)  # let both workers connect before the clock starts
        print("sending through two Celery workers …", flush=True)
        started = time.perf_counter()
        sink_cpu = time.process_time()  # this process: the sink's thread (main one sleeps)
        with transaction.atomic():
            mailing = newsletter_send_now(newsletter=newsletter)
        while sink.count < args.subscribers:
            if time.perf_counter() - started > args.timeout:
                raise SystemExit(f"timed out with {sink.count:,} mails sent")
            if any(worker.poll() is not None for worker in workers):
                raise SystemExit("a worker died; see its log in " + str(log_dir))
            time.sleep(0.2)
        worker_seconds = time.perf_counter() - started
        sink_cpu = time.process_time() - sink_cpu
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    # The workers' processes (and their pool children) have been reaped by now.
    workers_cpu = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    sent_rows = Delivery.objects.filter(mailing=mailing, status="sent").count()

    # The same number of mails, rendered the same way, over one bare SMTP connection.
    sample = list(Delivery.objects.filter(mailing=mailing).select_related("mailing")[:100])
    messages = [
        delivery_message(delivery).message(policy=email.policy.SMTP).as_bytes()
        for delivery in sample
    ]
    before = sink.count
    print("sending with a bare smtplib loop …", flush=True)
    started = time.perf_counter()
    bare_cpu = time.process_time()  # the client loop and the sink share this process
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        for index in range(args.subscribers):
            smtp.sendmail(
                "kumppanuusohjelma@example.fi",
                [f"tilaaja{index}@example.fi"],
                messages[index % len(messages)],
            )
    bare_seconds = time.perf_counter() - started
    bare_cpu = time.process_time() - bare_cpu
    assert sink.count - before == args.subscribers
    sink.stop()

    worker_rate = args.subscribers / worker_seconds
    bare_rate = args.subscribers / bare_seconds
    print(f"subscribers:                    {args.subscribers:,} ({sent_rows:,} rows sent)")
    print(f"Celery, two workers:            {worker_rate:,.0f} mails/s ({worker_seconds:.1f} s)")
    print(f"bare smtplib loop:              {bare_rate:,.0f} mails/s ({bare_seconds:.1f} s)")
    print(f"ratio (Celery / bare smtplib):  {worker_rate / bare_rate:.2f}")
    print(
        f"CPU per mail, Celery phase:     sink {sink_cpu / args.subscribers * 1e6:,.0f} µs, "
        f"workers {workers_cpu / args.subscribers * 1e6:,.0f} µs (their whole life)"
    )
    print(
        "CPU per mail, bare phase:       sink and client "
        f"{bare_cpu / args.subscribers * 1e6:,.0f} µs (one process)"
    )
    print(f"load average at the end:        {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    main()
