"""A captioner captions a session in two languages; an attendee reads them live under the stream, in the language
they choose, and the transcript.

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


def test_captioner_captions_live_and_the_attendee_reads_them_in_the_chosen_language(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        mai = open_live_panel(browser, base, "mai@example.org", path, heading="Captions", panel="captions")
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Captions", panel="captions")
        try:
            region = omar.get_by_role("log", name="Captions")
            expect(region).to_have_attribute("aria-live", "polite")
            expect(omar.get_by_label("Caption language")).to_have_value("en")  # the page's language
            expect(omar.locator("#captions").get_by_text("No captions in this language yet.")).to_be_visible()
            expect(omar.get_by_role("textbox", name="Caption")).to_have_count(0)  # Omar does not caption
            # The captions sit right under the stream, above the interpretation and the chat.
            assert omar.evaluate(
                "document.querySelector('#stage-heading').compareDocumentPosition("
                "document.querySelector('#captions')) & Node.DOCUMENT_POSITION_FOLLOWING"
            )

            # Mai captions two lines in English (Enter sends), then one in Vietnamese.
            text = mai.get_by_role("textbox", name="Caption")
            text.fill("Good morning, excellencies, and welcome.")
            text.press("Enter")
            expect(text).to_have_value("")
            text.fill("The Chair opens the forum on the broadband gap.")
            mai.get_by_role("button", name="Add to the captions").click()
            lines = region.get_by_role("listitem")
            expect(lines).to_have_count(2)
            expect(lines.nth(0)).to_have_text("Good morning, excellencies, and welcome.")
            expect(lines.nth(1)).to_have_text("The Chair opens the forum on the broadband gap.")

            mai.get_by_label("Language of the caption").select_option("vi")
            text.fill("Chủ tọa khai mạc diễn đàn về khoảng cách băng thông rộng.")
            text.press("Enter")
            # Mai's own view follows the language she writes in; Omar's stays in English.
            expect(mai.get_by_role("log", name="Captions").get_by_role("listitem")).to_have_text(
                ["Chủ tọa khai mạc diễn đàn về khoảng cách băng thông rộng."]
            )
            expect(lines).to_have_count(2)

            # Omar switches to Vietnamese: the Vietnamese line, marked as Vietnamese, and its transcript.
            omar.get_by_label("Caption language").select_option("vi")
            expect(lines).to_have_text(["Chủ tọa khai mạc diễn đàn về khoảng cách băng thông rộng."])
            expect(region.locator("ol")).to_have_attribute("lang", "vi")
            expect(omar.locator("#captions").get_by_role("button", name="Show")).to_be_hidden()
            expect(omar.get_by_role("link", name="Transcript")).to_have_attribute(
                "href", f"{path}captions/transcript/vi/"
            )
            # At 320 px the captioner's panel still fits.
            mai.set_viewport_size({"width": 320, "height": 800})
            assert mai.evaluate("document.documentElement.scrollWidth") <= 320
            mai.locator("#captions").screenshot(path=str(artifacts / "live-captions-captioner-320.png"))
            # Neither page was reloaded: everything travelled over the live connection.
            assert mai.evaluate("window.notReloaded") is True
            assert omar.evaluate("window.notReloaded") is True
            omar.locator("#captions").screenshot(path=str(artifacts / "live-captions.png"))

            # The choice is remembered on the next visit; English is one click away.
            omar.reload()
            expect(omar.locator("#captions")).to_have_attribute("data-live", "on")
            expect(omar.get_by_label("Caption language")).to_have_value("vi")
            expect(lines).to_have_text(["Chủ tọa khai mạc diễn đàn về khoảng cách băng thông rộng."])
            omar.get_by_label("Caption language").select_option("en")
            expect(lines).to_have_text(
                ["Good morning, excellencies, and welcome.", "The Chair opens the forum on the broadband gap."]
            )

            # The transcript: every English line with its time, as a page.
            omar.get_by_role("link", name="Transcript").click()
            expect(omar.get_by_role("heading", name="Transcript of Closing the broadband gap")).to_be_visible()
            expect(omar.locator("ol.transcript .transcript-text")).to_have_text(
                ["Good morning, excellencies, and welcome.", "The Chair opens the forum on the broadband gap."]
            )
            omar.screenshot(path=str(artifacts / "live-captions-transcript.png"), full_page=True)
        finally:
            mai.context.close()
            omar.context.close()
