from __future__ import annotations

import os

import pytest


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser journeys last: they are the slowest, and fast failures should come first."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """Rate-limit counters live in the cache; each test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
