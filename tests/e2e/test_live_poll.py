"""An organiser runs a poll in a session: it opens, takes votes and shows results in both browsers without a reload.

pytest-django's live_server speaks WSGI only (no WebSockets), so this journey runs a real
`pavilion serve` (ASGI, with the /live gateway) on its own SQLite database, and creates its data
in that database with `pavilion shell`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.live_site import open_live_panel, set_up_session
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]


def test_organiser_runs_a_poll_and_results_update_live(browser: Browser, tmp_path: Path, artifacts: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        lan = open_live_panel(browser, base, "lan@example.org", path, heading="Polls", panel="polls")
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Polls", panel="polls")
        try:
            question = "Which should the national broadband plan fund first?"
            expect(omar.locator("#polls")).to_contain_text("No polls yet.")
            expect(omar.locator("#polls").get_by_text("New poll")).to_have_count(0)  # Omar does not moderate

            # Lan, an organiser, creates a draft: Omar does not see it.
            panel = lan.locator("#polls")
            panel.get_by_text("New poll").click()
            panel.get_by_role("textbox", name="Question", exact=True).fill(question)
            panel.get_by_role("textbox", name="Option 1", exact=True).fill("Rural backbone")
            panel.get_by_role("textbox", name="Option 2", exact=True).fill("School connections")
            panel.get_by_role("textbox", name="Option 3", exact=True).fill("Public Wi-Fi")
            panel.get_by_role("button", name="Create the poll").click()
            lan_poll = panel.get_by_role("article", name=question)
            expect(lan_poll.locator(".poll-status")).to_have_text("Draft")
            expect(panel.get_by_role("textbox", name="Question", exact=True)).to_have_value("")
            expect(omar.locator("#polls").get_by_role("article")).to_have_count(0)

            # She opens it: it reaches Omar's page with a ballot.
            lan_poll.get_by_role("button", name="Open the poll").click()
            omar_poll = omar.locator("#polls").get_by_role("article", name=question)
            expect(omar_poll.locator(".poll-status")).to_have_text("Open")
            expect(omar.locator(".polls-announce")).to_have_text(f"A poll is open: {question}")
            expect(lan_poll.get_by_role("button", name="Close the poll")).to_be_visible()

            # Results follow a vote (the new poll's default): Omar sees none yet, Lan moderates and does.
            expect(omar_poll.locator(".poll-results-note")).to_have_text("The results are shown once you have voted.")
            expect(omar_poll.get_by_role("list", name="Results")).to_be_hidden()
            expect(lan_poll.get_by_role("list", name="Results")).to_be_visible()
            omar_poll.get_by_role("radio", name="School connections").check()
            omar_poll.get_by_role("button", name="Vote").click()
            expect(omar_poll.get_by_text("You voted in this poll.")).to_be_visible()
            expect(omar_poll.locator(".poll-voted")).to_be_focused()  # not the top of the page
            expect(omar_poll.get_by_role("button", name="Vote")).to_have_count(0)
            for poll in (lan_poll, omar_poll):
                results = poll.get_by_role("list", name="Results").get_by_role("listitem")
                expect(results.nth(1)).to_contain_text("School connections")
                expect(results.nth(1).locator(".poll-count")).to_have_text("Votes: 1 (100%)")
                expect(results.nth(0).locator(".poll-count")).to_have_text("Votes: 0 (0%)")
                expect(poll.locator(".poll-ballots")).to_have_text("Ballots cast: 1")

            # Lan votes too, then closes the poll: both pages follow.
            lan_poll.get_by_role("radio", name="Rural backbone").check()
            lan_poll.get_by_role("button", name="Vote").click()
            expect(omar_poll.locator(".poll-ballots")).to_have_text("Ballots cast: 2")
            expect(omar_poll.get_by_role("list", name="Results").get_by_role("listitem").nth(0)).to_contain_text(
                "Votes: 1 (50%)"
            )
            # Lan changes her mind (the form came with the poll, created live): results only on closing.
            # Omar's counts go until then; Lan, moderating, keeps hers.
            lan_poll.get_by_role("combobox", name="Show the results").select_option("closed")
            lan_poll.get_by_role("button", name="Change when results show").click()
            expect(omar_poll.locator(".poll-results-note")).to_have_text("The results are shown when the poll closes.")
            expect(omar_poll.get_by_role("list", name="Results")).to_be_hidden()
            expect(lan_poll.get_by_role("list", name="Results").get_by_role("listitem").nth(0)).to_contain_text(
                "Votes: 1 (50%)"
            )
            lan_poll.get_by_role("button", name="Close the poll").click()
            expect(omar_poll.locator(".poll-status")).to_have_text("Closed")
            expect(omar_poll.get_by_role("list", name="Results").get_by_role("listitem").nth(0)).to_contain_text(
                "Votes: 1 (50%)"
            )
            expect(lan_poll.get_by_role("button", name="Close the poll")).to_have_count(0)
            expect(lan_poll.locator(".poll-show-results")).to_be_hidden()

            # Neither page was reloaded: everything travelled over the live connection.
            assert lan.evaluate("window.notReloaded") is True
            assert omar.evaluate("window.notReloaded") is True
            expect(lan.locator(".messages")).to_have_count(0)  # no "The poll is open." from a POST
            omar.locator("#polls").screenshot(path=str(artifacts / "live-poll.png"))
        finally:
            lan.context.close()
            omar.context.close()
