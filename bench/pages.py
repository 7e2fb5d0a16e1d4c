"""Benchmark (not a test): public pages, dynamic versus the same HTML as a static file.

For each public page (home, lists, details, search, sitemap, feeds; Finnish and a few in
Swedish) prints requests per second of the dynamic page and of its body saved as a file and
served by WhiteNoise through the same gunicorn (two sync workers), and their ratio. The goal
is a ratio of at least 0.5: a page should cost at most twice a static file. The machine is
shared and noisy; runs are interleaved (page, its copy, page, …) and the medians of three
are shown, so the ratio is the number to compare between runs.

Needs PostgreSQL, Redis and wrk (Debian: `apt-get install wrk`). Uses its own database
(dropped and re-created), seeded with `portal.bulk.seed_bulk`, and its own Redis db
(flushed), with production settings (DEBUG off, manifest static files):

    .venv/bin/python bench/pages.py --pledges 10000 --duration 4 \
        --database postgres://postgres@127.0.0.1:5432/bench_pages \
        --cache redis://127.0.0.1:6379/14

With the defaults it takes about ten minutes.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database  # noqa: E402 - after the path is set

# Under WHITENOISE_ROOT the saved copies are served from /<STATIC_PREFIX>/<name>.
STATIC_PREFIX = "bench-static"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({model}), load average {load}"


class Gunicorn:
    """gunicorn with two sync workers on a free loopback port, in its own process group."""

    def __init__(self, env: dict, log: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log = log

    def __enter__(self) -> "Gunicorn":
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "portal.wsgi",
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=5).read()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def wrk(url: str, *, duration: int, connections: int) -> tuple[float, int]:
    """Requests per second and the number of non-2xx/3xx answers."""
    result = subprocess.run(
        # A long timeout: on a loaded machine a slow page must count, not vanish as timeouts.
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout=30s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
    if rate is None:
        raise SystemExit(f"could not read wrk's output:\n{result.stdout}{result.stderr}")
    return float(rate.group(1)), int(errors.group(1)) if errors else 0


def ratio(dynamic: float, static: float) -> float:
    return dynamic / static if static else 0.0


def public_pages() -> list[tuple[str, str]]:
    """(name, path) of the pages to measure, found through the URL names and selectors."""
    from django.urls import reverse
    from django.utils import translation

    from events.selectors import events_upcoming
    from news.selectors import news_public
    from pledges.selectors import initiatives_public, pledges_public
    from themes.models import Theme

    def newest(queryset):
        return queryset.exclude(title_sv=None).order_by("-published_at", "-pk").first()

    pledge = newest(pledges_public())
    # One seeking partners: its page links to the partner-interest form (initiatives:join).
    initiative = newest(initiatives_public().filter(seeking_partners=True)) or newest(
        initiatives_public()
    )
    theme = Theme.objects.order_by("number").first()
    event = events_upcoming().exclude(title_sv=None).first()
    pages = []
    for language, names in {
        "fi": [
            "home",
            "pledges",
            "pledge",
            "initiatives",
            "initiative",
            "theme",
            "events",
            "event",
            "news",
            "news item",
            "search",
            "news feed",
            "pledge feed",
        ],
        "sv": ["home", "pledges", "theme", "news"],
    }.items():
        with translation.override(language):
            news_item = news_public(language=language).first()
            paths = {
                "home": reverse("home"),
                "pledges": reverse("pledges:list"),
                "pledge": pledge and pledge.get_absolute_url(),
                "initiatives": reverse("initiatives:list"),
                "initiative": initiative and initiative.get_absolute_url(),
                "theme": theme and theme.get_absolute_url(),
                "events": reverse("events:list"),
                "event": event and event.get_absolute_url(),
                "news": reverse("news:list"),
                "news item": news_item and news_item.get_absolute_url(),
                "search": reverse("search:search") + "?q=kielikahvila",
                "news feed": reverse("news:feed"),
                "pledge feed": reverse("pledges:feed"),
            }
            pages += [(f"{name} ({language})", paths[name]) for name in names if paths[name]]
    pages.append(("sitemap.xml", "/sitemap.xml"))
    return pages


def save_copies(server: Gunicorn, pages: list, folder: Path) -> list[tuple[str, str, str, int]]:
    """Fetch each page once and save its body: (name, dynamic path, static path, size)."""
    target = folder / STATIC_PREFIX
    target.mkdir(parents=True, exist_ok=True)
    rows = []
    for index, (name, path) in enumerate(pages):
        with urllib.request.urlopen(server.url(path), timeout=60) as response:
            body = response.read()
            kind = response.headers.get_content_type()
        suffix = {"text/html": ".html", "application/xml": ".xml", "text/xml": ".xml"}.get(
            kind, ".atom" if "atom" in kind else ".txt"
        )
        file_name = f"page{index}{suffix}"
        (target / file_name).write_bytes(body)
        rows.append((name, path, f"/{STATIC_PREFIX}/{file_name}", len(body)))
        if name == "sitemap.xml":
            # The index points to section sitemaps: measure the first one too.
            section = re.search(rb"<loc>https?://[^/]+(/[^<]+)</loc>", body)
            if section:  # (the loop goes on to it)
                pages.append(("sitemap section", section.group(1).decode()))
    return rows


def database_sizes(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        total = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        lines = [f"database {urlsplit(url).path.lstrip('/')}: {total.fetchone()[0]}"]
        for table in [
            "pledges_pledge",
            "pledges_initiative",
            "pledges_organisation",
            "events_event",
            "programmes_newsitem",
        ]:
            rows, size = conn.execute(
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size('{table}')) FROM {table}"
            ).fetchone()
            lines.append(f"  {table}: {rows:,} rows, {size} with indexes")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pledges", type=int, default=10_000)
    parser.add_argument("--initiatives", type=int, default=2_000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--news", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=4, help="Seconds per wrk run.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per page (median shown).")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_pages"
        ),
    )
    parser.add_argument(
        "--cache", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: install it with `apt-get install wrk` (Debian/Ubuntu).")

    started_at = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
        "DATABASE_URL": args.database,
        "CACHE_URL": args.cache,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(work / "static"),
        "BENCH_WHITENOISE_ROOT": str(work / "copies"),
    }
    env.pop("CELERY_BROKER_URL", None)  # tasks in-process: no broker needed
    os.environ.update(env)
    (work / "copies").mkdir()

    print(f"database {args.database}, cache {args.cache}, files in {work}", flush=True)
    recreate_database(args.database)
    import redis

    redis.Redis.from_url(args.cache).flushdb()

    import django

    django.setup()
    from django.core.management import call_command

    from portal.bulk import seed_bulk

    call_command("migrate", verbosity=0)
    print("collecting static files …", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    seed_started = time.perf_counter()
    counts = seed_bulk(
        pledges=args.pledges,
        initiatives=args.initiatives,
        events=args.events,
        news=args.news,
        subscribers=0,
        seed=args.seed,
        progress=lambda message: print(f"  {message}", flush=True),
    )
    print(f"seeded in {time.perf_counter() - seed_started:.0f} s: {counts}", flush=True)
    pages = public_pages()
    from django.db import connections

    connections.close_all()

    log = work / "gunicorn.log"
    # WhiteNoise reads WHITENOISE_ROOT when the workers start: save the copies with one
    # server, then measure with a fresh one that knows them.
    with Gunicorn(env, log) as server:
        rows = save_copies(server, pages, work / "copies")
    results = []
    with Gunicorn(env, log) as server:
        # Warm both workers (imports, templates, catalogues) before the clock starts.
        for _name, dynamic, static, _size in rows:
            for path in (dynamic, static) * 4:
                urllib.request.urlopen(server.url(path), timeout=60).read()
        for name, dynamic, static, size in rows:
            dynamic_rates, static_rates, errors = [], [], 0
            for _run in range(args.runs):
                rate, failed = wrk(
                    server.url(dynamic), duration=args.duration, connections=args.connections
                )
                dynamic_rates.append(rate)
                errors += failed
                rate, failed = wrk(
                    server.url(static), duration=args.duration, connections=args.connections
                )
                static_rates.append(rate)
                errors += failed
            dyn, sta = statistics.median(dynamic_rates), statistics.median(static_rates)
            results.append((name, dynamic, size, dyn, sta, errors))
            print(f"  {name:<22} {dyn:>8.0f} {sta:>8.0f} {ratio(dyn, sta):>6.2f}", flush=True)

    print()
    print(f"date:    {started_at:%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}")
    print(
        f"load:    wrk -c{args.connections}, {args.runs} runs of {args.duration:g} s per page "
        "and per copy, interleaved; medians; gunicorn 2 sync workers"
    )
    for line in database_sizes(args.database):
        print(line)
    print()
    header = f"{'page':<22} {'path':<48} {'KiB':>5} {'dynamic':>9} {'static':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, path, size, dyn, sta, errors in results:
        note = f"  ({errors} non-2xx answers)" if errors else ""
        print(
            f"{name:<22} {path[:48]:<48} {size / 1024:>5.0f} {dyn:>9.0f} {sta:>9.0f} "
            f"{ratio(dyn, sta):>6.2f}{note}"
        )
    ratios = [ratio(dyn, sta) for _n, _p, _s, dyn, sta, _e in results]
    below = [name for (name, *_), ratio in zip(results, ratios, strict=True) if ratio < 0.5]
    print()
    print(f"median ratio {statistics.median(ratios):.2f}; goal ≥ 0.5; below: {below or 'none'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
