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


def _page_modules_imported_across_apps() -> list[str]:
    """Imports of another app's views or forms (``views``, ``*_views``, ``forms``), as "file: module"."""
    import ast

    package = REPO / "src" / "pavilion"
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if len(relative.parts) < 2 or "migrations" in relative.parts:
            continue
        app = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                parts = module.split(".")
                other_app = len(parts) >= 3 and parts[0] == "pavilion" and parts[1] not in {app, "core"}
                if other_app and (parts[2] in {"views", "forms"} or parts[2].endswith("_views")):
                    found.append(f"{relative}: {module}")
    return found


def test_no_app_imports_another_apps_views_or_forms() -> None:
    """Shared page pieces live in core (forms.py, navigation.py) or a layer's own module (organising/area.py)."""
    assert _page_modules_imported_across_apps() == []
