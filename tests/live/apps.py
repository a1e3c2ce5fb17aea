"""The test-only live feature as a Django app, installed only in the servers tests start."""

from __future__ import annotations

from django.apps import AppConfig


class LiveTestFeatureConfig(AppConfig):
    name = "tests.live"
    label = "live_test_feature"

    def ready(self) -> None:
        from tests.live import feature  # noqa: F401  (registers the testroom and testhall topics)
