"""Settings of the server ``python -m bench.live_run`` starts: Pavilion's own, plus the bench-only live feature.

The feature is an app of its own (``bench.apps.BenchConfig``), so the product has no setting that
loads code from outside it.
"""

from __future__ import annotations

from pavilion.settings import *  # noqa: F403
from pavilion.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]
