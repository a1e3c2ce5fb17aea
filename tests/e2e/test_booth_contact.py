"""A visitor browses the 2D exhibition, opens a booth, chats with its staff and leaves her contact
with consent; the booth's staff, in a second browser, see her here now, read and answer her
message, and see the contact request appear on their exhibitor page — all without reloading.

The journey runs a real `pavilion serve` (ASGI, with the /live gateway) with the demo loaded in
its own SQLite database: the demo visitor lets exhibitors see her name, and staffs nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import run_pavilion
from tests.e2e.signing_in import signed_in_page
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]
EVENT = "/en/events/itu-digital-world-2020/"
DESK = EVENT + "exhibition/my-booths/mekong-example-telecom/contacts/"


def test_visitor_leaves_her_contact_at_a_booth_and_the_staff_see_it_live(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        demo = run_pavilion(["demo"], tmp_path, PAVILION_DEBUG="1")
        assert demo.returncode == 0, demo.stderr
        staff = signed_in_page(browser, base, "exhibitor@pavilion.example.org", "pavilion-demo-exhibitor")
        olga = signed_in_page(browser, base, "visitor@pavilion.example.org", "pavilion-demo-visitor")
        try:
            # The staff member keeps the booth page open: it is their desk for visitors.
            staff.goto(base + EVENT + "exhibition/booths/mekong-example-telecom/")
            talk = staff.locator("#booth-talk")
            expect(talk).to_have_attribute("data-live", "on")

            # Olga browses the 2D exhibition and opens the booth.
            olga.goto(base + EVENT)
            olga.get_by_role("link", name="Exhibition", exact=True).click()
            expect(olga.get_by_role("heading", name="Exhibition", level=1)).to_be_visible()
            olga.get_by_role("link", name="Mekong Example Telecom", exact=True).click()
            expect(olga.get_by_role("heading", name="Mekong Example Telecom", level=1)).to_be_visible()
            expect(olga.locator("#booth-talk")).to_have_attribute("data-live", "on")
            expect(olga.locator(".booth-presence")).to_have_text("Here now: 2")

            # The staff see how many are here, and Olga by name (she chose to be visible).
            expect(talk.locator(".booth-presence")).to_have_text("Here now: 2")
            expect(talk.locator(".booth-visitor-list")).to_have_text("Olga Petrova")

            # Olga writes; the staff read it in her conversation and answer; nothing reloads.
            olga.evaluate("window.notReloaded = true")
            staff.evaluate("window.notReloaded = true")
            olga.get_by_role("textbox", name="Message").fill("Can you send me the private 5G brochure?")
            olga.get_by_role("button", name="Send").click()
            conversation = talk.locator(".booth-conversation").filter(has_text="With Olga Petrova")
            expect(conversation.locator(".chat-text").last).to_have_text("Can you send me the private 5G brochure?")
            conversation.get_by_role("textbox", name="Message").fill("Of course, leave us your contact.")
            conversation.get_by_role("button", name="Answer").click()
            olga_log = olga.get_by_role("log", name="Messages of this conversation")
            expect(olga_log.locator(".chat-text").last).to_have_text("Of course, leave us your contact.")
            assert olga.evaluate("window.notReloaded") is True
            assert staff.evaluate("window.notReloaded") is True
            talk.screenshot(path=str(artifacts / "booth-talk-staff.png"))
            olga.locator("#booth-talk").screenshot(path=str(artifacts / "booth-talk-visitor.png"))

            # The staff open their list of contact requests; it follows new ones live.
            staff.goto(base + DESK)
            expect(staff.get_by_role("heading", name="Contact requests", level=1)).to_be_visible()
            expect(staff.locator(".desk")).to_have_attribute("data-live", "on")
            staff.evaluate("window.notReloaded = true")

            # Olga leaves her contact: without consent nothing is sent.
            olga.get_by_role("link", name="Leave my contact").click()
            expect(olga.get_by_role("heading", name="Leave my contact at Mekong Example Telecom")).to_be_visible()
            olga.get_by_label("Telephone", exact=True).fill("+7 727 555 0101")
            olga.get_by_role("checkbox", name="Telephone (type it below)").check()
            olga.get_by_label("Message (optional)").fill("Interested in private 5G for a university campus.")
            olga.get_by_role("button", name="Send my contact").click()
            expect(
                olga.get_by_text("Tick the box to agree that the booth may contact you; nothing was sent.")
            ).to_be_visible()
            olga.get_by_role("checkbox", name=re.compile(r"I agree that Mekong Example Telecom may contact me")).check()
            olga.get_by_role("button", name="Send my contact").click()
            expect(olga.get_by_role("heading", name="My contacts and meetings")).to_be_visible()
            expect(olga.get_by_text("Your contact was sent to Mekong Example Telecom.")).to_be_visible()

            # The staff see it arrive without reloading, and open it.
            expect(staff.locator(".desk-news")).to_have_text(
                re.compile(r"^New contact request from (Dr )?Olga Petrova$")
            )
            row = staff.get_by_role("row").filter(has_text="Olga Petrova").filter(has_text="Open")
            expect(row).to_have_count(1)
            expect(staff.get_by_role("row").filter(has_text="Mr Trần Văn Minh")).to_contain_text("Open")
            assert staff.evaluate("window.notReloaded") is True
            staff.set_viewport_size({"width": 1280, "height": 900})
            staff.screenshot(path=str(artifacts / "booth-contact-staff.png"), full_page=True)
            row.get_by_role("link", name="Olga Petrova").click()
            expect(staff.get_by_role("heading", name="Contact request from Dr Olga Petrova")).to_be_visible()
            expect(staff.get_by_role("link", name="+7 727 555 0101")).to_be_visible()
            expect(staff.get_by_text("Interested in private 5G for a university campus.")).to_be_visible()
            expect(staff.get_by_text("I agree that Mekong Example Telecom may contact me")).to_be_visible()
            olga.screenshot(path=str(artifacts / "booth-contact-visitor.png"), full_page=True)
        finally:
            olga.context.close()
            staff.context.close()
