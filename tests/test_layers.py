"""The import rule: each app imports only from the layers below its own (pyproject.toml, docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[1]


def _contract() -> dict[str, object]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return dict(contract)


def test_no_app_imports_a_layer_above_its_own() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache", "--no-logo"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_every_installed_app_has_its_layer() -> None:
    contract = _contract()
    declared = set()
    for layer in contract["layers"]:  # type: ignore[attr-defined]
        declared |= {name.strip().strip("()") for name in str(layer).replace(":", "|").split("|")}
    apps = {app.removeprefix("pavilion.") for app in settings.INSTALLED_APPS if app.startswith("pavilion.")}
    assert apps - declared == set()
