"""Settings for the test suite: Pavilion's own settings, pointed at test services.

PAVILION_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1/pavilion) runs the suite on
PostgreSQL instead of SQLite; PAVILION_TEST_REDIS_URL enables the Redis tests.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("PAVILION_DEBUG", "1")
os.environ["PAVILION_VAR_DIR"] = os.environ.get("PAVILION_TEST_VAR_DIR") or tempfile.mkdtemp(prefix="pavilion-test-")
os.environ.pop("PAVILION_REDIS_URL", None)
os.environ.pop("PAVILION_DATABASE_URL", None)
if os.environ.get("PAVILION_TEST_DATABASE_URL"):
    os.environ["PAVILION_DATABASE_URL"] = os.environ["PAVILION_TEST_DATABASE_URL"]

from pavilion.settings import *  # noqa: F403
from pavilion.settings import PACKAGE_DIR, TEMPLATES

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Templates that only tests use (e.g. a session-page panel).
TEMPLATES[0]["DIRS"] = [PACKAGE_DIR / "templates", Path(__file__).resolve().parent / "templates"]

# The activity log is written when a test calls recorder.flush(), never by a background thread.
PAVILION_ACTIVITY_IN_BACKGROUND = False

# Most tests sign organisers in without a second factor; the two-factor tests turn the rule on
# (tests/accounts/test_mfa.py). Servers started by tests get PAVILION_MFA_ENFORCED=0 the same way.
PAVILION_MFA_ENFORCED = False

# On SQLite the test database is a file, like the embedded default it stands for, not Django's
# shared-cache in-memory database: there a writer meets "database table is locked" at once when
# another thread reads (busy_timeout does not apply), so a live test whose gateway reads while a
# view writes could fail with a 503 no real deployment gives. In a file, WAL and busy_timeout
# (pavilion.settings) let them wait their turn.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(os.environ["PAVILION_VAR_DIR"]) / "test.sqlite3")}  # noqa: F405
