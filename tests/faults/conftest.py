"""What the fault tests share: a demo-free live session, accounts signed in by cookie, a shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from tests.conftest import migrate_site, run_pavilion

SETUP = """
import json
from django.test import Client
from tests.factories import LiveSessionFactory, UserFactory
session = LiveSessionFactory.create()
cookies = []
for number in range({writers}):
    browser = Client()
    browser.force_login(UserFactory.create(email=f"writer{{number}}@example.org"))
    cookies.append(browser.session.session_key)
print(json.dumps({{"session": session.pk, "cookies": cookies}}))
"""


def live_session(tmp_path: Path, writers: int, **environment: str) -> dict[str, Any]:
    """Migrate ``tmp_path``'s database and make a live session and ``writers`` signed-in accounts.

    Returns ``{"topic", "session", "cookies"}``: each cookie a ``Cookie`` header value.
    """
    migrate_site(tmp_path, **environment)
    made = run_pavilion(["shell", "--no-imports", "-c", SETUP.format(writers=writers)], tmp_path, **environment)
    assert made.returncode == 0, made.stderr
    ids = json.loads(made.stdout)
    return {
        "session": ids["session"],
        "topic": f"session:{ids['session']}",
        "cookies": [f"{settings.SESSION_COOKIE_NAME}={key}" for key in ids["cookies"]],
    }


def stored_messages(tmp_path: Path, session: int, **environment: str) -> list[int]:
    """The ids of the session's chat messages in the database, oldest first."""
    code = (
        "from pavilion.chat.models import ChatMessage; "
        f"print(list(ChatMessage.objects.filter(session_id={session}).order_by('pk').values_list('pk', flat=True)))"
    )
    result = run_pavilion(["shell", "--no-imports", "-c", code], tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))
