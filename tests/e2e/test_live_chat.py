"""Two people chat in a session: each message, mute and deletion reaches the other browser without a reload.

pytest-django's live_server speaks WSGI only (no WebSockets), so this journey runs a real
`pavilion serve` (ASGI, with the /live gateway) on its own SQLite database, and creates its data
in that database with `pavilion shell`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import run_pavilion
from tests.servers import running_server

pytestmark = pytest.mark.e2e
PASSWORD = "a-long-test-password-for-chat"

SETUP = f"""
import json
from datetime import date, datetime, timedelta, timezone
from allauth.account.models import EmailAddress
from pavilion.accounts.models import User
from pavilion.events.models import Event, Session

event = Event.objects.create(
    slug="digital-world", kind="summit", name={{"en": "Virtual Digital World"}},
    start_date=date(2020, 10, 20), end_date=date(2020, 10, 22), time_zone="Asia/Ho_Chi_Minh",
    is_online=True, content_locales=["en"], is_published=True,
)
starts = datetime.now(timezone.utc).replace(microsecond=0)
session = Session.objects.create(
    event=event, slug="broadband-forum", kind="forum", title={{"en": "Closing the broadband gap"}},
    starts_at=starts, ends_at=starts + timedelta(hours=2), access_level="public",
)
for email, name in [("lan@example.org", "Nguyễn Thị Lan"), ("omar@example.org", "Omar Haddad")]:
    user = User.objects.create_user(email=email, password={PASSWORD!r}, full_name=name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
event.organising_team.add(User.objects.get(email="lan@example.org"))
print(json.dumps({{"path": f"/en/events/{{event.slug}}/sessions/{{session.slug}}/"}}))
"""


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()


def _open_chat(browser: Browser, base: str, email: str, path: str) -> Page:
    page = browser.new_context(locale="en-GB", timezone_id="Europe/Zurich").new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, base, email)
    page.goto(base + path)
    expect(page.get_by_role("heading", name="Chat")).to_be_visible()
    # The live client has its snapshot: the form now sends commands instead of posting.
    expect(page.locator("#chat")).to_have_attribute("data-live", "on")
    page.evaluate("window.notReloaded = true")
    return page


def _send(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_two_people_chat_live_in_a_session(browser: Browser, tmp_path: Path, artifacts: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        setup = run_pavilion(["shell", "--no-imports", "-c", SETUP], tmp_path, PAVILION_DEBUG="1")
        assert setup.returncode == 0, setup.stderr
        path = json.loads(setup.stdout.strip().splitlines()[-1])["path"]
        lan = _open_chat(browser, base, "lan@example.org", path)
        omar = _open_chat(browser, base, "omar@example.org", path)
        try:
            lan_log = lan.get_by_role("log", name="Chat messages")
            omar_log = omar.get_by_role("log", name="Chat messages")
            expect(omar_log).to_contain_text("No messages yet.")

            _send(lan, "Xin chào! Which countries have a national broadband plan?")
            expect(omar_log.get_by_role("listitem")).to_have_count(1)
            first = omar_log.get_by_role("listitem").first
            expect(first.locator(".chat-author")).to_have_text("Nguyễn Thị Lan")
            expect(first.locator("time")).to_have_text(re.compile(r"^\d\d:\d\d$"))
            expect(first.locator(".chat-text")).to_have_text(
                "Xin chào! Which countries have a national broadband plan?"
            )
            expect(lan_log.get_by_role("listitem")).to_have_count(1)
            expect(lan.get_by_role("textbox", name="Message")).to_have_value("")

            _send(omar, "Jordan adopted one in 2021; happy to share it.")
            reply = lan_log.get_by_role("listitem").nth(1)
            expect(reply.locator(".chat-author")).to_have_text("Omar Haddad")
            expect(reply.locator(".chat-text")).to_have_text("Jordan adopted one in 2021; happy to share it.")
            expect(omar_log.get_by_role("listitem")).to_have_count(2)

            # Neither page was reloaded: both messages travelled over the live connection.
            assert lan.evaluate("window.notReloaded") is True
            assert omar.evaluate("window.notReloaded") is True
            expect(lan.locator(".messages")).to_have_count(0)  # no "Your message was sent." from a POST
            lan.locator("#chat").screenshot(path=str(artifacts / "live-chat.png"))

            # Lan organises the event, so she moderates: Mute and Delete work live too.
            expect(lan_log.get_by_role("listitem").first.get_by_role("button", name="Mute")).to_have_count(0)
            reply.get_by_role("button", name="Mute").click()
            expect(omar.get_by_text("You are muted in this chat.")).to_be_visible()
            expect(omar.get_by_role("textbox", name="Message")).to_be_hidden()
            expect(reply.get_by_role("button", name="Unmute")).to_be_visible()
            reply.get_by_role("button", name="Delete").click()
            expect(omar_log.get_by_role("listitem")).to_have_count(1)
            expect(lan_log.get_by_role("listitem")).to_have_count(1)
            assert lan.evaluate("window.notReloaded") is True
        finally:
            lan.context.close()
            omar.context.close()
