"""Meetings in the browser: the organisers' matching pass (draft reviewed, then published, nobody
booked twice), and a visitor asking a booth for a meeting that one of its staff accepts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from pavilion.networking.models import Meeting, MeetingStatus
from tests.e2e.signing_in import sign_in, signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LIVE = "digital-cooperation-live"
ITU = "itu-digital-world-2020"
BOOTH = "mekong-example-telecom"


def test_the_matching_pass_drafts_then_publishes_meetings_without_a_double_booking(
    page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=True)
    base = live_server.url
    sign_in(page, base, "organiser@pavilion.example.org", "pavilion-demo-organiser")
    page.goto(f"{base}/en/manage/{LIVE}/meetings/")
    expect(page.get_by_role("heading", name="One-to-one meetings")).to_be_visible()
    page.get_by_role("button", name="Run the matching pass").click()
    expect(page.get_by_text(re.compile(r"The matching pass proposes \d+ meetings"))).to_be_visible()
    drafts = page.get_by_role("table", name="Draft meetings").locator("tbody tr")
    count = drafts.count()
    assert count >= 2
    # The draft is the organisers' alone until published.
    assert Meeting.objects.filter(event__slug=LIVE, status=MeetingStatus.DRAFT).count() == count
    assert Meeting.objects.filter(event__slug=LIVE, status=MeetingStatus.ACCEPTED).count() == 0
    # Review: each draft names its slot, both participants and its place.
    expect(drafts.filter(has_text="Ms Nguyễn Thị Mai").first).to_be_visible()
    page.screenshot(path=str(artifacts / "networking-matching-draft.png"), full_page=True)
    page.get_by_role("button", name="Publish the draft").click()
    expect(page.get_by_text(f"{count} meetings published; 0 dropped")).to_be_visible()
    accepted = Meeting.objects.filter(event__slug=LIVE, status=MeetingStatus.ACCEPTED)
    assert accepted.count() == count
    assert not Meeting.objects.filter(event__slug=LIVE, status=MeetingStatus.DRAFT).exists()
    # Nobody is in two meetings of one slot (the visitor's request still waiting holds its slot too).
    active = Meeting.objects.filter(event__slug=LIVE, status__in=[MeetingStatus.ACCEPTED, MeetingStatus.PENDING])
    per_person_and_slot = Counter(
        (person, slot)
        for first, second, slot in active.values_list("requester", "invitee", "slot")
        for person in (first, second)
        if person is not None
    )
    assert max(per_person_and_slot.values()) == 1
    # Each place holds one meeting per slot.
    assert max(Counter(accepted.values_list("slot", "place")).values()) == 1


def test_a_visitor_asks_a_booth_for_a_meeting_and_a_staff_member_accepts(
    browser: Browser, page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=True)
    base = live_server.url
    year = timezone.now().year + 1
    sign_in(page, base, "visitor@pavilion.example.org", "pavilion-demo-visitor")
    page.goto(f"{base}/en/events/{ITU}/exhibition/booths/{BOOTH}/")
    meet = page.get_by_role("region", name="Meet the booth")
    meet.get_by_role("link", name="Ask for a meeting").click()
    expect(page.get_by_role("heading", name="Ask Mekong Example Telecom for a meeting")).to_be_visible()
    page.get_by_label("What would you like to talk about?").fill("AI translation for Kazakh and Russian")
    page.get_by_label("How long").select_option("30")
    page.get_by_label("Your time zone").select_option("Europe/Paris")
    page.get_by_label("First choice").fill(f"{year}-03-02T10:00")
    page.get_by_label("Second choice (optional)").fill(f"{year}-03-03T15:30")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    mine = page.get_by_role("listitem").filter(has_text="AI translation for Kazakh")
    expect(mine.get_by_text("Waiting for the other side's answer.")).to_be_visible()

    staff = signed_in_page(browser, base, "exhibitor@pavilion.example.org", "pavilion-demo-exhibitor")
    staff.goto(f"{base}/en/events/{ITU}/exhibition/booths/{BOOTH}/")
    staff.get_by_role("link", name=re.compile(r"\d+ meeting requests? waiting")).click()
    expect(staff.get_by_role("heading", name="Meetings of Mekong Example Telecom")).to_be_visible()
    request = staff.get_by_role("listitem").filter(has_text="AI translation for Kazakh")
    request.get_by_role("radio").nth(1).check()
    request.get_by_label("Note to the other side (optional)").first.fill("Hall B, table 4")
    request.get_by_role("button", name="Accept").click()
    expect(staff.get_by_text("Meeting accepted. It is in your agenda.")).to_be_visible()
    expect(staff.get_by_role("heading", name="Meetings of Mekong Example Telecom")).to_be_visible()
    staff.screenshot(path=str(artifacts / "networking-booth-meetings.png"), full_page=True)
    staff.goto(f"{base}/en/events/{ITU}/agenda/")
    expect(staff.get_by_role("link", name="Meeting with Dr Olga Petrova")).to_be_visible()
    staff.context.close()

    page.goto(f"{base}/en/events/{ITU}/networking/meetings/")
    mine = page.get_by_role("listitem").filter(has_text="AI translation for Kazakh")
    expect(mine.get_by_text("Accepted")).to_be_visible()
    expect(mine.get_by_text("Hall B, table 4")).to_be_visible()
    page.goto(f"{base}/en/events/{ITU}/agenda/")
    expect(page.get_by_role("link", name="Meeting with Mekong Example Telecom")).to_be_visible()
    feed = page.get_by_label(re.compile("My agenda \\(sessions I added")).input_value()
    calendar = page.request.get(feed + "?lang=en").text()
    assert "SUMMARY:Meeting with Mekong Example Telecom" in calendar
    assert f"DTSTART:{year}0303T143000Z" in calendar  # 15:30 in Paris (UTC+1)
