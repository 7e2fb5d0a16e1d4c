"""`manage.py seed_bulk`: national-scale content for benchmarks (portal.bulk).

    manage.py seed_bulk --pledges 100000 --initiatives 20000 --events 5000 --news 10000 \
        --subscribers 100000 --seed 1 --clear
"""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.bulk import seed_bulk

KINDS = ["pledges", "initiatives", "events", "news", "subscribers"]


class Command(BaseCommand):
    help = (
        "Write many realistic pledges, initiatives, events, news items and subscribers in "
        "Finnish and Swedish, for benchmarks. The same --seed gives the same content."
    )

    def add_arguments(self, parser) -> None:
        for kind in KINDS:
            parser.add_argument(f"--{kind}", type=int, default=0, help=f"How many {kind}.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete ALL pledges, initiatives, organisations, awards, events, news "
            "and subscribers (benchmark databases only).",
        )

    def handle(self, *args, seed: int, clear: bool, **options) -> None:
        amounts = {kind: options[kind] for kind in KINDS}
        negative = [f"--{kind} {value}" for kind, value in amounts.items() if value < 0]
        if negative:
            raise CommandError(f"Counts must be zero or more: {', '.join(negative)}.")
        if not any(amounts.values()) and not clear:
            raise CommandError(
                "Nothing to do: give at least one of " + ", ".join(f"--{k} N" for k in KINDS)
            )
        started = time.perf_counter()
        counts = seed_bulk(
            **amounts,
            seed=seed,
            clear=clear,
            progress=lambda message: self.stdout.write(message),
        )
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {summary} in {seconds:.1f} s."))
