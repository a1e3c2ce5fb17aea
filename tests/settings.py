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
