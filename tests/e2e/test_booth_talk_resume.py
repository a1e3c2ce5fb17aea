"""A booth's staff lose their connection for longer than the server keeps their events: when it
comes back, the booth's conversations and the list of contact requests still show what happened
meanwhile, without a reload.

The server keeps one event per topic here (PAVILION_LIVE_HISTORY=1), so two missed events on the
staff member's user:<id> topic are a gap it cannot replay. The staff's page reaches /live through
Playwright's WebSocket routing, which lets the test hold the server's frames back and then drop the
connection, as a train entering a tunnel would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.conftest import run_pavilion
from tests.e2e.signing_in import signed_in_page
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]
EVENT = "/en/events/itu-digital-world-2020/"
BOOTH = EVENT + "exhibition/booths/mekong-example-telecom/"
DESK = EVENT + "exhibition/my-booths/mekong-example-telecom/contacts/"


class Tunnel:
    """Every /live socket of one page goes through here to the server."""

    def __init__(self, page: Page) -> None:
        self.holding = False
        self.sockets: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/live$"), self._connect)

    def _connect(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        server.on_message(lambda message: None if self.holding else socket.send(message))
        self.sockets.append(socket)

    def enter(self) -> None:
        """From now on the page receives nothing (what the server sends is lost)."""
        self.holding = True

    def leave(self) -> None:
        """The connection drops; the page's live client reconnects and resumes."""
        self.holding = False
        self.sockets[-1].close()


def _say(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Send").click()
    log = page.get_by_role("log", name="Messages of this conversation")
    expect(log.locator(".chat-text").last).to_have_text(text)


def test_booth_staff_catch_up_after_a_gap_longer_than_the_history(browser: Browser, tmp_path: Path) -> None:
    with running_server(tmp_path, workers=1, PAVILION_LIVE_HISTORY="1") as base:
        demo = run_pavilion(["demo"], tmp_path, PAVILION_DEBUG="1")
        assert demo.returncode == 0, demo.stderr
        staff = signed_in_page(browser, base, "exhibitor@pavilion.example.org", "pavilion-demo-exhibitor")
        olga = signed_in_page(browser, base, "visitor@pavilion.example.org", "pavilion-demo-visitor")
        tunnel = Tunnel(staff)
        try:
            staff.goto(base + BOOTH)
            talk = staff.locator("#booth-talk")
            expect(talk).to_have_attribute("data-live", "on")
            olga.goto(base + BOOTH)
            expect(olga.locator("#booth-talk")).to_have_attribute("data-live", "on")
            conversation = talk.locator(".booth-conversation").filter(has_text="With Olga Petrova")
            _say(olga, "Hello from the Kazakh delegation.")
            expect(conversation.locator(".chat-text").last).to_have_text("Hello from the Kazakh delegation.")
            staff.evaluate("window.notReloaded = true")

            # Two messages while the staff's page hears nothing: more than the server keeps.
            tunnel.enter()
            _say(olga, "Do you ship to Almaty?")
            _say(olga, "We need 40 small cells.")
            expect(conversation.locator(".chat-text").last).to_have_text("Hello from the Kazakh delegation.")
            tunnel.leave()
            expect(conversation.locator(".chat-text").last).to_have_text("We need 40 small cells.")
            expect(conversation.locator(".chat-text").filter(has_text="Do you ship to Almaty?")).to_have_count(1)
            assert len(tunnel.sockets) == 2  # it reconnected, and did not reload
            assert staff.evaluate("window.notReloaded") is True

            # The list of contact requests catches up the same way.
            staff.goto(base + DESK)
            expect(staff.locator(".desk")).to_have_attribute("data-live", "on")
            staff.evaluate("window.notReloaded = true")
            expect(staff.get_by_role("row").filter(has_text="Olga Petrova")).to_have_count(0)
            tunnel.enter()
            _say(olga, "I am leaving my contact now.")
            olga.get_by_role("link", name="Leave my contact").click()
            olga.get_by_role("checkbox", name=re.compile(r"I agree that Mekong Example Telecom may contact me")).check()
            olga.get_by_role("button", name="Send my contact").click()
            expect(olga.get_by_text("Your contact was sent to Mekong Example Telecom.")).to_be_visible()
            expect(staff.get_by_role("row").filter(has_text="Olga Petrova")).to_have_count(0)
            tunnel.leave()
            expect(staff.get_by_role("row").filter(has_text="Olga Petrova")).to_contain_text("Open")
            assert staff.evaluate("window.notReloaded") is True
        finally:
            olga.context.close()
            staff.context.close()
