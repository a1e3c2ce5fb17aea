"""An event's page as a visitor sees it with the event's branding: its banner across the top, its
logo, its accent colour on links and buttons, and its speakers with their photos. The screenshot
docs/screenshots/event-page-branding.png is taken here, so it stays current."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
EVENT = "/en/events/itu-digital-world-2020/"
LOADED = "image => image.complete && image.naturalWidth > 0"


def test_event_page_shows_its_banner_logo_colour_and_speakers_photos(browser: Browser, live_server: LiveServer) -> None:
    load_demo(set_passwords=False)
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Zurich", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + EVENT)
        banner = page.locator("img.event-banner")
        expect(banner).to_be_visible()
        assert banner.evaluate(LOADED) is True
        assert banner.evaluate("image => image.naturalWidth") == 1600
        logo = page.get_by_role("img", name="Logo of ITU Virtual Digital World 2020")
        expect(logo).to_be_visible()
        assert logo.evaluate(LOADED) is True
        # The accent colour (#00558c, 7.4:1 on white) reaches the page's links.
        assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()") == (
            "#00558c"
        )
        assert page.get_by_role("link", name="Speakers").first.evaluate("a => getComputedStyle(a).color") == (
            "rgb(0, 85, 140)"
        )
        page.screenshot(path=str(SCREENSHOTS / "event-page-branding.png"), full_page=False)

        page.goto(live_server.url + EVENT + "speakers/")
        portraits = page.locator("img.portrait")
        expect(portraits).to_have_count(4)
        for index in range(4):
            portraits.nth(index).scroll_into_view_if_needed()
            expect(portraits.nth(index)).to_be_visible()
            page.wait_for_function(LOADED, arg=portraits.nth(index).element_handle())
        assert errors == []
    finally:
        context.close()
