"""A newcomer's first minute: the live demo's session is on, its stage plays the shipped video with
captions, and its chat, questions, polls and list of speakers sit in tabs beside the stage (below it
on a phone). The screenshots in docs/screenshots/ are taken here, so they stay current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import migrate_site, pavilion_environment
from tests.e2e.signing_in import sign_in
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SESSION = "/en/events/digital-cooperation-live/sessions/live-broadband-gap/"
TABS = ["Chat", "Questions", "Polls", "The floor"]


#: What the browser refused under the Content-Security-Policy, per page (there must be nothing).
REFUSED: list[str] = []


def _delegate_page(browser: Browser, base: str, width: int, height: int) -> Page:
    context = browser.new_context(
        locale="en-GB", timezone_id="Europe/Zurich", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on(
        "console", lambda message: REFUSED.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in(page, base, "delegate@pavilion.example.org", "pavilion-demo-delegate")
    page.goto(base + SESSION)
    expect(page.locator("#chat")).to_have_attribute("data-live", "on")
    return page


def _pavilion(tmp_path: Path, *args: str) -> None:
    """Migrate and load the demo as `make run` does (the whole demo takes a while on a busy machine)."""
    environment = pavilion_environment(tmp_path, PAVILION_DEBUG="1")
    subprocess.run([sys.executable, "-m", "pavilion", *args], env=environment, cwd=tmp_path, check=True, timeout=600)


def test_live_demo_session_on_desktop_and_phone(browser: Browser, tmp_path: Path) -> None:
    migrate_site(tmp_path)
    _pavilion(tmp_path, "demo")
    with running_server(tmp_path, workers=1, migrate=False) as base:
        desktop = _delegate_page(browser, base, 1280, 900)
        player = desktop.locator("video.player")
        expect(player).to_have_attribute("src", "/static/pavilion/demo/stage.webm")
        expect(player.locator("track")).to_have_count(2)
        # The player plays under the Content-Security-Policy (media from our own files, captions too).
        playing = player.evaluate(
            "video => { video.muted = true; return video.play().then(() => !video.paused, () => false); }"
        )
        assert playing is True
        tablist = desktop.get_by_role("tablist", name="Take part in the session")
        tabs = tablist.get_by_role("tab")
        expect(tabs).to_have_text(TABS)
        # Beside the stage: the tabs start to the right of the player, at about its height.
        video_box, tabs_box = player.bounding_box(), tablist.bounding_box()
        assert video_box is not None
        assert tabs_box is not None
        assert tabs_box["x"] >= video_box["x"] + video_box["width"]
        assert abs(tabs_box["y"] - video_box["y"]) < 200

        # The WAI-ARIA tabs pattern: one panel at a time, arrows and End move between tabs.
        chat_tab = tablist.get_by_role("tab", name="Chat")
        expect(chat_tab).to_have_attribute("aria-selected", "true")
        expect(desktop.locator("#chat")).to_be_visible()
        expect(desktop.locator("#questions")).to_be_hidden()
        expect(desktop.locator("#chat")).to_contain_text("Infrastructure sharing halved our rural tower costs.")
        chat_tab.focus()
        desktop.keyboard.press("ArrowRight")
        expect(tablist.get_by_role("tab", name="Questions")).to_be_focused()
        expect(desktop.locator("#questions")).to_be_visible()
        expect(desktop.locator("#chat")).to_be_hidden()
        desktop.keyboard.press("End")
        expect(tablist.get_by_role("tab", name="The floor")).to_have_attribute("aria-selected", "true")
        desktop.keyboard.press("ArrowLeft")
        polls_tab = tablist.get_by_role("tab", name="Polls")
        expect(polls_tab).to_have_attribute("aria-selected", "true")

        # The open poll: each radio button on the line of its label.
        poll = desktop.get_by_role("article", name="What should come first to close the broadband gap?")
        radio, label = (
            poll.get_by_role("radio", name="Digital skills"),
            poll.locator("label", has_text="Digital skills"),
        )
        radio_box, label_box = radio.bounding_box(), label.bounding_box()
        assert radio_box is not None
        assert label_box is not None
        assert radio_box["x"] + radio_box["width"] <= label_box["x"]
        assert abs((radio_box["y"] + radio_box["height"] / 2) - (label_box["y"] + label_box["height"] / 2)) < 8
        chat_tab.click()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        desktop.screenshot(path=str(SCREENSHOTS / "live-session-desktop.png"))
        polls_tab.click()
        # The demo's poll shows its results to each person once they have voted.
        expect(poll.locator(".poll-results-note")).to_have_text("The results are shown once you have voted.")
        radio.check()
        poll.get_by_role("button", name="Vote").click()
        expect(poll.get_by_text("You voted in this poll.")).to_be_visible()
        expect(poll.get_by_role("list", name="Results")).to_be_visible()
        expect(poll.locator(".poll-results-note")).to_be_hidden()
        desktop.context.close()

        phone = _delegate_page(browser, base, 390, 844)
        player = phone.locator("video.player")
        tablist = phone.get_by_role("tablist", name="Take part in the session")
        video_box, tabs_box = player.bounding_box(), tablist.bounding_box()
        assert video_box is not None
        assert tabs_box is not None
        assert video_box["width"] <= 390
        assert tabs_box["y"] > video_box["y"] + video_box["height"]  # the stage on top, the tabs below
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(SCREENSHOTS / "live-session-phone.png"), full_page=True)
        phone.context.close()
        assert REFUSED == []  # scripts, styles, the live socket, the video: nothing refused
