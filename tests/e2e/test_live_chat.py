"""Two people chat in a session: each message, mute and deletion reaches the other browser without a reload.

pytest-django's live_server speaks WSGI only (no WebSockets), so this journey runs a real
`pavilion serve` (ASGI, with the /live gateway) on its own SQLite database, and creates its data
in that database with `pavilion shell`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.live_site import open_live_panel, set_up_session
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]


def _send(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_two_people_chat_live_in_a_session(browser: Browser, tmp_path: Path, artifacts: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        lan = open_live_panel(browser, base, "lan@example.org", path, heading="Chat", panel="chat")
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Chat", panel="chat")
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
