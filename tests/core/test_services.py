"""The production services: the suite's database is the one CI asked for, and Redis backs the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import require_service

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database() -> None:
    expected = "postgresql" if os.environ.get("PAVILION_TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_redis_url_makes_redis_the_shared_cache(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("PAVILION_", "DJANGO_"))}
    env = {
        **clean,
        "PYTHONPATH": str(REPO / "src"),
        "PAVILION_DEBUG": "1",
        "PAVILION_VAR_DIR": str(tmp_path),
        "PAVILION_REDIS_URL": redis_url,
    }
    script = (
        "from django.core.cache import caches; import redis, os; cache = caches['default']; "
        "cache.set('pavilion-test-key', 'shared', 30); "
        "raw = redis.Redis.from_url(os.environ['PAVILION_REDIS_URL']); "
        "print(type(cache).__name__, cache.get('pavilion-test-key'), raw.exists(':1:pavilion-test-key') "
        "or any(raw.scan_iter('*pavilion-test-key*')))"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pavilion", "shell", "--no-imports", "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache shared True"
