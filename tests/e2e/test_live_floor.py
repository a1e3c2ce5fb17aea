"""A delegate asks for the floor; the chair, in another browser, gives it; he sees himself speaking, the timer run.

pytest-django's live_server speaks WSGI only (no WebSockets), so this journey runs a real
`pavilion serve` (ASGI, with the /live gateway) on its own SQLite database, and creates its data
in that database with `pavilion shell`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.live_site import open_live_panel, set_up_session
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]


def test_delegate_requests_the_floor_and_the_chair_gives_it_live(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        lan = open_live_panel(browser, base, "lan@example.org", path, heading="The floor", panel="floor")
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="The floor", panel="floor")
        try:
            lan_floor, omar_floor = lan.locator("#floor"), omar.locator("#floor")
            expect(omar_floor.locator(".floor-free")).to_have_text("No one has the floor.")
            expect(omar_floor.get_by_role("button", name="Next speaker")).to_have_count(0)  # Omar does not chair
            expect(lan_floor.get_by_role("button", name="Request the floor")).to_have_count(0)  # Lan is not registered

            # Omar, Jordan's minister, asks for the floor: Lan sees him on the list of speakers.
            omar_floor.get_by_role("button", name="Request the floor").click()
            expect(omar_floor.locator(".floor-mine")).to_have_text("You are number 1 on the list of speakers.")
            expect(omar_floor.get_by_role("button", name="Withdraw my request")).to_be_visible()
            speakers = lan_floor.get_by_role("list", name="List of speakers").get_by_role("listitem")
            expect(speakers).to_have_count(1)
            expect(speakers.first).to_contain_text("Omar Haddad · Jordan · Minister")

            # Lan gives him the floor: both pages show him speaking and the timer counting down.
            speakers.first.get_by_role("button", name="Give the floor").click()
            expect(omar_floor.locator(".floor-speaker")).to_contain_text("Omar Haddad (you) · Jordan · Minister")
            expect(omar_floor.locator(".floor-mine")).to_have_text("You have the floor.")
            expect(omar_floor.locator(".floor-announce")).to_have_text("You have the floor.")
            expect(lan_floor.locator(".floor-announce")).to_have_text("Omar Haddad (Jordan) has the floor.")
            expect(lan_floor.locator(".floor-empty")).to_be_visible()
            clock = omar_floor.get_by_role("timer", name="Time left")
            expect(clock).to_have_text(re.compile(r"^[34]:[0-5]\d$"))
            expect(omar_floor.locator(".floor-limit")).to_have_text("of 4:00")
            shown = clock.inner_text()
            expect(clock).not_to_have_text(shown)  # it runs
            expect(omar_floor.get_by_role("button", name="End my turn")).to_be_visible()

            # Lan pauses the timer: Omar sees it.
            lan_floor.get_by_role("button", name="Pause the timer").click()
            expect(omar_floor.locator(".floor-paused")).to_be_visible()
            expect(lan_floor.get_by_role("button", name="Resume the timer")).to_be_focused()

            # Neither page was reloaded: everything travelled over the live connection.
            assert lan.evaluate("window.notReloaded") is True
            assert omar.evaluate("window.notReloaded") is True
            expect(lan.locator(".messages")).to_have_count(0)  # no "… has the floor." from a POST
            omar_floor.screenshot(path=str(artifacts / "live-floor.png"))
            lan_floor.screenshot(path=str(artifacts / "live-floor-chair.png"))
        finally:
            lan.context.close()
            omar.context.close()
