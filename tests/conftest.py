from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


def require_service(variable: str, what: str) -> str:
    """The value of a test-service variable; skip with a clear reason when unset, fail in CI.

    CI sets every service variable, so nothing is skipped there (a missing one is a CI bug).
    """
    value = os.environ.get(variable, "")
    if value:
        return value
    message = f"{what} tests need {variable}; set it to run them (CI always does)."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pavilion_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a separate `pavilion` process: this one's without its PAVILION_/DJANGO_ settings."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("PAVILION_", "DJANGO_"))}
    # The repository root too, so a server can load the test-only live feature (tests/live/server_settings.py).
    path = os.pathsep.join([str(REPO / "src"), str(REPO)])
    # Like tests/settings.py: organisers sign in without a second factor unless a test turns the rule on.
    return {**clean, "PYTHONPATH": path, "PAVILION_VAR_DIR": str(var_dir), "PAVILION_MFA_ENFORCED": "0", **extra}


def run_pavilion(args: list[str], var_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m pavilion ARGS` in var_dir and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "pavilion", *args],
        env=pavilion_environment(var_dir, **extra),
        cwd=var_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def migrate_site(var_dir: Path, **extra: str) -> None:
    """Give the site whose data is in ``var_dir`` a migrated database, as `pavilion migrate` does.

    On the embedded default (SQLite) it is a copy of a database migrated once per test run and
    settings module (``DJANGO_SETTINGS_MODULE`` in ``extra``: its apps decide the tables): a
    migration run takes half a minute of CPU on CI's machine, and some forty tests start sites of
    their own. A site on PostgreSQL (``PAVILION_DATABASE_URL`` in ``extra``) is migrated itself.
    """
    if extra.get("PAVILION_DATABASE_URL"):
        migrated = run_pavilion(["migrate", "-v0"], var_dir, **extra)
        assert migrated.returncode == 0, migrated.stderr
        return
    # SQLite's online backup copies a consistent database whatever its journal mode (WAL here).
    with (
        closing(sqlite3.connect(_migrated_template(extra))) as template,
        closing(sqlite3.connect(var_dir / "pavilion.sqlite3")) as database,
    ):
        template.backup(database)


#: A migrated SQLite database per settings module, made on first use and removed at exit.
_templates: dict[str, Path] = {}


def _migrated_template(extra: dict[str, str]) -> Path:
    settings_module = extra.get("DJANGO_SETTINGS_MODULE", "")
    if settings_module not in _templates:
        var_dir = Path(tempfile.mkdtemp(prefix="pavilion-migrated-"))
        atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
        migrated = run_pavilion(["migrate", "-v0"], var_dir, **{"PAVILION_DEBUG": "1", **extra})
        assert migrated.returncode == 0, migrated.stderr
        _templates[settings_module] = var_dir / "pavilion.sqlite3"
    return _templates[settings_module]


#: Seconds a test that starts processes (a server, migrations, a browser) may take; others get the
#: default of pyproject.toml (120).
PROCESS_TEST_TIMEOUT = 600
PROCESS_TEST_MODULES = {
    "core/test_serve.py",
    "core/test_config.py",
    "core/test_services.py",
    "live/test_two_servers.py",
    "live/test_revocation_sockets.py",
    "faults/test_worker_killed.py",
    "faults/test_redis_restart.py",
    "faults/test_postgres_restart.py",
    "live/test_presence.py",
    "live/test_broker.py",
    "tests/test_layers.py",
    "accounts/test_sso.py",
    "accounts/test_saml.py",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser journeys last: they are the slowest, and fast failures should come first.

    Browser journeys and the tests that start `pavilion` processes get a longer timeout.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
    for item in items:
        if item.get_closest_marker("timeout") is not None:
            continue
        module = f"{item.path.parent.name}/{item.path.name}"
        if item.get_closest_marker("e2e") is not None or module in PROCESS_TEST_MODULES:
            item.add_marker(pytest.mark.timeout(PROCESS_TEST_TIMEOUT))


@pytest.fixture(autouse=True)
def _english_to_begin_with() -> Iterator[None]:
    """Each test starts in English: a request in another language must not leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """Rate-limit counters live in the cache; each test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _empty_activity_buffer() -> Iterator[None]:
    """The activity log's buffer (written only when a test flushes it) starts and ends each test empty."""
    from pavilion.activity.recorder import recorder

    recorder.discard()
    yield
    recorder.discard()


@pytest.fixture(autouse=True, scope="session")
def _close_connections_of_sync_to_async(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The in-process live tests run database code through ``sync_to_async`` outside any request, in
    asgiref's one shared thread; its connection would outlive the tests and keep PostgreSQL from
    dropping the test database. Closed here, before the test database is torn down.

    Other threads may hold one too (the live gateway's database threads, asgiref's per-request
    threads), and a thread's connection can only be closed from that thread: on PostgreSQL the
    sessions still open on the test database, other than this one, are ended."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connection, connections

    with django_db_blocker.unblock():
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
