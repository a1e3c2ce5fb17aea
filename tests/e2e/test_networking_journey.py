"""Two delegates find each other in the directory, one asks for a slot, the other accepts, and the
meeting is in both agendas and the calendar feed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from tests.e2e.signing_in import sign_in, signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EVENT = "/en/events/digital-cooperation-live/"


def test_request_accept_and_find_the_meeting_in_the_agenda(
    browser: Browser, page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=True)
    base = live_server.url

    sign_in(page, base, "focalpoint@pavilion.example.org", "pavilion-demo-focalpoint")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + EVENT)
    page.get_by_role("link", name="Meet participants").click()
    expect(page.get_by_role("heading", name="Directory of participants")).to_be_visible()
    page.get_by_label("Function").select_option("delegate")
    page.get_by_role("button", name="Filter").click()
    card = page.get_by_role("listitem").filter(has_text="Trần Văn Minh")
    page.screenshot(path=str(artifacts / "networking-directory-phone.png"), full_page=True)
    card.get_by_role("link", name=re.compile("Ask for a meeting")).click()
    page.get_by_label("What would you like to talk about?").fill("Rural 5G rollout in the Mekong delta")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    expect(page.get_by_text("Waiting for the other side's answer.")).to_be_visible()

    delegate = signed_in_page(browser, base, "delegate@pavilion.example.org", "pavilion-demo-delegate")
    delegate.goto(f"{base}{EVENT}networking/meetings/")
    request = delegate.get_by_role("listitem").filter(has_text="Rural 5G rollout")
    request.get_by_role("button", name="Accept").click()
    expect(delegate.get_by_text("Meeting accepted. It is in your agenda.")).to_be_visible()
    delegate.goto(f"{base}{EVENT}agenda/")
    expect(delegate.get_by_role("link", name="Meeting with Ms Nguyễn Thị Mai")).to_be_visible()
    feed = delegate.get_by_label(re.compile("My agenda \\(sessions I added")).input_value()
    calendar = delegate.request.get(feed + "?lang=en").text()  # else in his first language, Vietnamese
    assert "SUMMARY:Meeting with Ms Nguyễn Thị Mai" in calendar
    delegate.context.close()

    page.goto(f"{base}{EVENT}agenda/")
    expect(page.get_by_role("link", name="Meeting with Mr Trần Văn Minh")).to_be_visible()
    # Her calendar feed carries the meeting too.
    her_feed = page.get_by_label(re.compile("My agenda \\(sessions I added")).input_value()
    assert "SUMMARY:Meeting with Mr Trần Văn Minh" in page.request.get(her_feed + "?lang=en").text()
    page.screenshot(path=str(artifacts / "networking-agenda-phone.png"), full_page=True)
