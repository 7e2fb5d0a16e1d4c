"""The floors of docs/architecture.md hold: no app imports an app above it.

The contract lives in pyproject.toml ([tool.importlinter]); `make lint` runs it too. The
second test proves the contract bites: the same check over a copy of the project with one
import running up a floor must fail and name it.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def run_contract(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
    )


def contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_no_app_imports_an_app_above_it():
    result = run_contract(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_app_of_ours_is_on_a_floor():
    floors = {
        app.strip() for layer in contract()["contracts"][0]["layers"] for app in layer.split("|")
    }
    assert floors == set(settings.PROJECT_APPS)
    assert set(contract()["root_packages"]) == set(settings.PROJECT_APPS)


def test_an_import_running_up_a_floor_breaks_the_contract(tmp_path):
    for package in settings.PROJECT_APPS:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data", "migrations"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "core" / "upstairs.py").write_text("from pledges import selectors  # noqa\n")
    result = run_contract(tmp_path)
    assert result.returncode != 0
    assert "core is not allowed to import pledges" in result.stdout
    assert "core.upstairs -> pledges.selectors" in result.stdout
