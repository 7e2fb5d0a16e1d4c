"""How the stored before/after values read in the admin, in the reader's language.

The services store codes ({"status": "in_review"}); the apps that write them say here what
their keys and values are called (from their admin.py, as the admin shows them), so the
audit app shows "tila: käsittelyssä" without knowing any content app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext


@dataclass(frozen=True)
class ValueLabel:
    label: Promise | str | None  # None: left out of the short summary (the detail has it)
    choices: dict[str, Any]
    show: Callable[[Any], str] | None


_LABELS: dict[str, ValueLabel] = {}


def register(
    key: str,
    label: Promise | str | None,
    *,
    choices: Iterable[tuple[str, Any]] = (),
    show: Callable[[Any], str] | None = None,
) -> None:
    """Name a key of the before/after values, its values' labels (`choices`) or a function
    that shows a value (`show`). Registering a key again adds its choices."""
    old = _LABELS.get(key)
    merged = {**(old.choices if old else {}), **dict(choices)}
    _LABELS[key] = ValueLabel(label=label, choices=merged, show=show or (old and old.show))


def _shown(value: Any, spec: ValueLabel | None = None) -> str:
    if spec is not None and spec.show is not None:
        return spec.show(value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(_shown(item, spec) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_shown(v)}" for k, v in value.items()) or "—"
    if spec is not None and value in spec.choices:
        return str(spec.choices[value])
    return str(value)


def change_summary(before: dict, after: dict) -> str:
    """ "key: before → after" for each key, in the reader's language; "; " between them."""
    parts = []
    for key in [*before, *(key for key in after if key not in before)]:
        spec = _LABELS.get(key)
        if spec is not None and spec.label is None:
            continue
        name = str(spec.label) if spec is not None else key
        old = _shown(before[key], spec) if key in before else None
        new = _shown(after[key], spec) if key in after else None
        if old is None:
            parts.append(f"{name}: {new}")
        elif new is None:
            parts.append(f"{name}: {old} → —")
        elif old == new:
            parts.append(f"{name}: {old}")
        else:
            parts.append(f"{name}: {old} → {new}")
    return "; ".join(parts)


# The admin's own change message of a mirrored admin log entry: shown as the note.
CHANGE_MESSAGE = "change_message"
register(CHANGE_MESSAGE, None)

# The actors without an account that the services name (audit_record's `actor_label`).
ANONYMOUS_ACTORS: dict[str, Callable[[], str]] = {
    "system": lambda: gettext("system"),
    "submitter": lambda: gettext("submitter"),
    "partner": lambda: gettext("partner organisation"),
}
