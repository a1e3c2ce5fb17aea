"""Issue 18's probe over real sockets: `pavilion serve --workers 2` with Redis, changes made by
another process (a `pavilion shell`), and the sockets on either worker follow at once.

- A password change closes the account's open sockets with 4403, whichever worker holds them.
- A public session made accredited-only sends ``revoked`` to the anonymous socket following it,
  and its chat no longer reaches that socket.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import websockets
from django.conf import settings
from websockets.exceptions import ConnectionClosed

from tests.conftest import migrate_site, require_service, run_pavilion
from tests.servers import running_server

pytestmark = pytest.mark.own_database

SETUP = """
import json
from django.test import Client
from tests.factories import LiveSessionFactory, UserFactory
session, user = LiveSessionFactory.create(), UserFactory.create()
keys = []
for _browser in range(2):
    browser = Client()
    browser.force_login(user)
    keys.append(browser.session.session_key)
print(json.dumps({"user": user.pk, "session": session.pk, "keys": keys}))
"""
CHANGE_PASSWORD = (
    "from pavilion.accounts.models import User; user = User.objects.get(pk={user}); "
    "user.set_password('another-long-password-9'); user.save()"
)
CLOSE_SESSION = (
    "from pavilion.events.models import Session; session = Session.objects.get(pk={session}); "
    "session.access_level = 'accredited'; session.save()"
)
CHAT = (
    "from pavilion.chat.services import post_message; from pavilion.events.models import Session; "
    "from tests.factories import UserFactory; session = Session.objects.get(pk={session}); "
    "organiser = UserFactory.create(email='organiser@example.org'); session.event.organising_team.add(organiser); "
    "post_message(session=session, by=organiser, text='for the accredited only')"
)


async def _frame(socket_: Any) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(socket_.recv(), 20))
        if frame["type"] not in {"presence", "tally"}:
            return frame


async def _subscribed(url: str, topic: str, cookie: str | None = None) -> Any:
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"} if cookie else None
    socket_ = await websockets.connect(url, additional_headers=headers, open_timeout=20)
    await socket_.send(json.dumps({"type": "subscribe", "topic": topic}))
    assert (await _frame(socket_))["type"] == "snapshot"
    return socket_


async def _close_code(socket_: Any) -> int:
    """Read until the server closes; its close code."""
    try:
        while True:
            await _frame(socket_)
    except ConnectionClosed as closed:
        received = closed.rcvd
    assert received is not None, "closed without a close frame"
    return int(received.code)


def test_sockets_on_every_worker_follow_a_password_change_and_a_closed_session(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    shared = {"PAVILION_DEBUG": "1", "PAVILION_REDIS_URL": redis_url}
    migrate_site(tmp_path, **shared)
    made = run_pavilion(["shell", "--no-imports", "-c", SETUP], tmp_path, **shared)
    assert made.returncode == 0, made.stderr
    ids = json.loads(made.stdout)
    topic = f"session:{ids['session']}"

    def shell(code: str) -> None:
        result = run_pavilion(["shell", "--no-imports", "-c", code.format(**ids)], tmp_path, **shared)
        assert result.returncode == 0, result.stderr

    async def scenario(url: str) -> tuple[list[int], dict[str, Any], bool]:
        laptop, phone = [await _subscribed(url, topic, key) for key in ids["keys"]]
        anonymous = await _subscribed(url, topic)
        await asyncio.to_thread(shell, CHANGE_PASSWORD)
        codes = [await _close_code(laptop), await _close_code(phone)]
        await asyncio.to_thread(shell, CLOSE_SESSION)
        revoked = await _frame(anonymous)
        await asyncio.to_thread(shell, CHAT)
        await anonymous.send(json.dumps({"type": "ping", "ref": "after"}))
        quiet = await _frame(anonymous) == {"type": "pong", "ref": "after"}
        await anonymous.close()
        return codes, revoked, quiet

    with running_server(tmp_path, workers=2, migrate=False, **shared) as base:
        codes, revoked, quiet = asyncio.run(scenario(base.replace("http://", "ws://") + "/live"))
    assert codes == [4403, 4403]
    assert revoked == {"type": "revoked", "topic": topic, "reason": "access"}
    assert quiet  # the chat line for the accredited never reached the revoked socket
