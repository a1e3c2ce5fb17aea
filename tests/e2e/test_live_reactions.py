"""Two people in a session: each sees the other present, and a reaction in one browser shows in the other."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.live_site import open_live_panel, set_up_session
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]


def test_presence_and_reactions_reach_the_other_browser(browser: Browser, tmp_path: Path, artifacts: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        lan = open_live_panel(browser, base, "lan@example.org", path, heading="Chat", panel="chat")
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Chat", panel="chat")
        try:
            for page in (lan, omar):
                expect(page.locator("#reactions")).to_be_visible()
                expect(page.locator(".reactions-presence")).to_have_text("Here now: 2")

            lan.get_by_role("button", name="Applause").click()
            lan.get_by_role("button", name="Applause").click()
            omar.get_by_role("button", name="Thank you").click()
            expect(omar.get_by_role("button", name="Applause").locator(".reactions-count")).to_have_text("2")
            expect(lan.get_by_role("button", name="Thank you").locator(".reactions-count")).to_have_text("1")
            omar.locator("#reactions").screenshot(path=str(artifacts / "live-reactions.png"))

            omar.context.close()
            expect(lan.locator(".reactions-presence")).to_have_text("Here now: 1")
            assert lan.evaluate("window.notReloaded") is True
        finally:
            lan.context.close()
