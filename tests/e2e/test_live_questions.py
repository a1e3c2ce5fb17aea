"""Questions in a session: an attendee asks, a moderator approves, and both browsers follow it live.

The questions panel's script sends its forms over the live connection (live.js sendForm), so this
journey also guards that path; like the other live journeys it runs a real `pavilion serve`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.live_site import open_live_panel, set_up_session
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]


def test_attendee_asks_moderator_approves_and_both_see_it_live(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        lan = open_live_panel(browser, base, "lan@example.org", path, heading="Questions", panel="questions")
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Questions", panel="questions")
        try:
            question = "How will the plan reach islands without fibre?"
            asking = omar.locator("#questions")
            asking.get_by_role("textbox", name="Your question").fill(question)
            asking.get_by_role("button", name="Ask").click()
            expect(asking.get_by_role("textbox", name="Your question")).to_have_value("")  # sent, cleared

            # Lan organises the event, so she moderates: the question waits for her approval.
            moderating = lan.locator("#questions")
            item = moderating.get_by_role("listitem").filter(has_text=question)
            expect(item).to_contain_text("Awaiting approval")
            item.get_by_role("button", name="Approve").click()
            expect(item).not_to_contain_text("Awaiting approval")
            expect(asking.get_by_role("listitem").filter(has_text=question)).not_to_contain_text("Awaiting approval")

            assert lan.evaluate("window.notReloaded") is True
            assert omar.evaluate("window.notReloaded") is True
            lan.locator("#questions").screenshot(path=str(artifacts / "live-questions.png"))
        finally:
            lan.context.close()
            omar.context.close()
