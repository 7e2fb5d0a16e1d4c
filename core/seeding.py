"""Demo seeding that never overwrites what people changed.

`make run` seeds the demo on every start. A row that already exists keeps its values: only
fields that are still empty get the demo's value, so an edit made in the admin survives the
next run, and a row that a migration created without text (the themes) gets its demo text.
"""

from typing import Any

from django.db import models


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


def seed_missing[M: models.Model](
    model: type[M], *, defaults: dict[str, Any] | None = None, **lookup: Any
) -> tuple[M, bool]:
    """Create the row found by `lookup` with `defaults`, or fill only its empty fields.

    Returns (row, created) like get_or_create. Saves an existing row only when a field was
    empty, and then only those fields.
    """
    defaults = defaults or {}
    row, created = model._default_manager.get_or_create(defaults=defaults, **lookup)
    if created:
        return row, True
    missing = [
        name
        for name, value in defaults.items()
        if not _is_empty(value) and _is_empty(getattr(row, name, None))
    ]
    if missing:
        for name in missing:
            setattr(row, name, defaults[name])
        row.save(update_fields=[model._meta.get_field(name).attname for name in missing])
    return row, False
