"""The production services: the suite's database is the one CI asked for, and Redis backs the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import require_service, run_pavilion


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database() -> None:
    expected = "postgresql" if os.environ.get("PAVILION_TEST_DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_redis_url_makes_redis_the_shared_cache(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    script = (
        "from django.core.cache import caches; import redis, os; cache = caches['default']; "
        "cache.set('pavilion-test-key', 'shared', 30); "
        "raw = redis.Redis.from_url(os.environ['PAVILION_REDIS_URL']); "
        "print(type(cache).__name__, cache.get('pavilion-test-key'), raw.exists(':1:pavilion-test-key') "
        "or any(raw.scan_iter('*pavilion-test-key*')))"
    )
    result = run_pavilion(
        ["shell", "--no-imports", "-c", script], tmp_path, PAVILION_DEBUG="1", PAVILION_REDIS_URL=redis_url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache shared True"
