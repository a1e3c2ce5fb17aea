"""Settings of the real servers some live tests start (tests/servers.py): Pavilion's own, plus the
test-only live feature (tests/live/feature.py) as an app of its own."""

from __future__ import annotations

from pavilion.settings import *  # noqa: F403
from pavilion.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.live.apps.LiveTestFeatureConfig"]
