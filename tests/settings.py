"""Settings for the test suite: Pavilion's own settings, pointed at test services.

PAVILION_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1/pavilion) runs the suite on
PostgreSQL instead of SQLite; PAVILION_TEST_REDIS_URL enables the Redis tests.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("PAVILION_DEBUG", "1")
os.environ["PAVILION_VAR_DIR"] = os.environ.get("PAVILION_TEST_VAR_DIR") or tempfile.mkdtemp(prefix="pavilion-test-")
os.environ.pop("PAVILION_REDIS_URL", None)
os.environ.pop("PAVILION_DATABASE_URL", None)
if os.environ.get("PAVILION_TEST_DATABASE_URL"):
    os.environ["PAVILION_DATABASE_URL"] = os.environ["PAVILION_TEST_DATABASE_URL"]

from pavilion.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
