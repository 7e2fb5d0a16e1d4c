"""Nightly bulk dumps of every public collection of the API, as JSON and CSV.

Each file is written to a temporary file in the same directory and moved into place with
os.replace (atomic on one file system): a reader sees the old file or the new one, never a
half-written one. The rows are exactly what the API returns (same selectors, serializers).
"""

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.serializers import Serializer
from rest_framework.utils.encoders import JSONEncoder

from api import barometer_results, selectors, serializers
from core.exports import CSV_DELIMITER, neutralise

CHUNK = 500
FORMATS = ("json", "csv")


@dataclass(frozen=True)
class Collection:
    name: str
    queryset: Callable[[], QuerySet]
    serializer: type[Serializer]
    prepare: Callable[[list], None] = lambda objects: None


def _barometer_prepare(surveys: list) -> None:
    for survey in surveys:
        survey.api_results = barometer_results.round_results(survey)


def _news_prepare(items: list) -> None:
    for item in items:
        item.api_public_languages = selectors.news_public_languages(item)


COLLECTIONS = (
    Collection("themes", selectors.api_themes, serializers.ThemeSerializer),
    Collection("pledges", selectors.api_pledges, serializers.PledgeSerializer),
    Collection("initiatives", selectors.api_initiatives, serializers.InitiativeSerializer),
    Collection("organisations", selectors.api_organisations, serializers.OrganisationSerializer),
    Collection("awards", selectors.api_awards, serializers.AwardSerializer),
    Collection("events", selectors.api_events, serializers.EventSerializer),
    Collection("news", selectors.api_news, serializers.NewsItemSerializer, _news_prepare),
    Collection(
        "progress-reports", selectors.api_progress_reports, serializers.ProgressReportSerializer
    ),
    Collection(
        "government-terms", selectors.api_government_terms, serializers.GovernmentTermSerializer
    ),
    Collection("measures", selectors.api_measures, serializers.MeasureSerializer),
    # Every closed round's results with no breakdown (the totals, as on the results page).
    Collection(
        "barometer-results",
        barometer_results.api_barometer_rounds,
        serializers.BarometerResultsDumpSerializer,
        _barometer_prepare,
    ),
)


def open_data_dir() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def _rows(collection: Collection) -> Iterator[dict]:
    """Every public object as the API gives it, by id, in chunks (bounded memory)."""
    last = 0
    while True:
        chunk = list(collection.queryset().filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        collection.prepare(chunk)
        yield from collection.serializer(chunk, many=True).data
        last = chunk[-1].pk


def flatten(row: dict, prefix: str = "") -> dict[str, str]:
    """One CSV row: nested objects become prefixed columns (title_fi, organisation_name),
    lists become `;`-joined values (a list of objects: their ids; objects without an id:
    JSON)."""
    flat = {}
    for key, value in row.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{column}_"))
        elif isinstance(value, list) and any(
            isinstance(item, dict) and "id" not in item for item in value
        ):
            # Objects without an id of their own (indicator values): the cell holds JSON.
            flat[column] = json.dumps(value, ensure_ascii=False, cls=JSONEncoder)
        elif isinstance(value, list):
            flat[column] = ";".join(
                str(item["id"]) if isinstance(item, dict) else str(item) for item in value
            )
        elif value is None:
            flat[column] = ""
        else:
            flat[column] = str(value)
    return flat


def _atomic_write(path: Path, write: Callable) -> None:
    """Write `path` through a temporary file beside it, then move it into place."""
    # Not a `with` here: the name must outlive the handle (closed below) for os.replace.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        mode="w",
        encoding="utf-8",
        newline="",
        dir=path.parent,
        prefix=f".{path.name}.",
        suffix=".tmp",
        delete=False,
    )
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _write_json(handle, rows: Iterator[dict]) -> None:
    handle.write("[")
    for number, row in enumerate(rows):
        handle.write(",\n" if number else "\n")
        handle.write(json.dumps(row, ensure_ascii=False, cls=JSONEncoder))
    handle.write("\n]\n")


def _write_csv(handle, rows: Iterator[dict]) -> None:
    """UTF-8 with a BOM and `;` between fields (as Finnish Excel expects, like the
    portal's other exports); cells that a spreadsheet would run as a formula get a
    leading apostrophe (core.exports.neutralise)."""
    handle.write("\ufeff")
    writer = None
    for row in rows:
        flat = flatten(row)
        if writer is None:
            writer = csv.DictWriter(handle, fieldnames=list(flat), delimiter=CSV_DELIMITER)
            writer.writeheader()
        writer.writerow({key: neutralise(value) for key, value in flat.items()})


def dumps_write(*, directory: Path | None = None) -> list[Path]:
    """Write every collection's JSON and CSV dump into `directory` (OPEN_DATA_DIR);
    returns the paths written. Safe to run twice: each run replaces the files whole."""
    directory = Path(directory or open_data_dir())
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for collection in COLLECTIONS:
        json_path = directory / f"{collection.name}.json"
        _atomic_write(json_path, lambda handle, c=collection: _write_json(handle, _rows(c)))
        csv_path = directory / f"{collection.name}.csv"
        _atomic_write(csv_path, lambda handle, c=collection: _write_csv(handle, _rows(c)))
        written += [json_path, csv_path]
    return written


@dataclass(frozen=True)
class DumpFile:
    collection: str
    format: str
    filename: str
    size: int
    modified: datetime


def dumps_available(*, directory: Path | None = None) -> list[DumpFile]:
    """The dump files there are, in the collections' order (for the open data page)."""
    directory = Path(directory or open_data_dir())
    found = []
    for collection in COLLECTIONS:
        for fmt in FORMATS:
            path = directory / f"{collection.name}.{fmt}"
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append(
                DumpFile(
                    collection=collection.name,
                    format=fmt,
                    filename=path.name,
                    size=stat.st_size,
                    modified=datetime.fromtimestamp(int(stat.st_mtime), tz=UTC),
                )
            )
    return found


def dump_path(filename: str) -> Path | None:
    """The path of a dump by its file name, only for the names this module writes."""
    names = {f"{c.name}.{fmt}" for c in COLLECTIONS for fmt in FORMATS}
    if filename not in names:
        return None
    path = open_data_dir() / filename
    return path if path.is_file() else None
