"""A delegate registers, their focal point approves, and the closed roundtable opens to them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from tests.e2e.signing_in import sign_in
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ROUNDTABLE = "Ministerial roundtable: digital transformation for recovery"
EVENT = "/en/events/itu-digital-world-2020/"


def test_register_approve_and_find_the_roundtable_in_the_agenda(
    browser: Browser, page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=True)
    UserFactory.create(email="minh.delegate@example.org", full_name="Đỗ Văn Minh", country="VN")
    base = live_server.url

    sign_in(page, base, "minh.delegate@example.org", TEST_PASSWORD)
    page.goto(base + EVENT)
    expect(page.get_by_role("heading", name="ITU Virtual Digital World 2020")).to_be_visible()
    expect(page.get_by_text(ROUNDTABLE)).to_have_count(0)
    assert page.goto(f"{base}{EVENT}sessions/ministerial-roundtable-1/").status == 404  # type: ignore[union-attr]

    page.goto(base + EVENT)
    page.get_by_role("link", name="Register", exact=True).first.click()
    page.get_by_role("radio", name=re.compile("Member delegate")).check()
    expect(page.get_by_role("combobox", name="Country or economy")).to_have_value("VN")
    page.get_by_label("Function").select_option("delegate")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("will review it")
    assert [message.to for message in mail.outbox] == [
        ["minh.delegate@example.org"],
        ["focalpoint@pavilion.example.org"],
    ]

    focal_point = browser.new_context(locale="en-GB").new_page()
    sign_in(focal_point, base, "focalpoint@pavilion.example.org", "pavilion-demo-focalpoint")
    focal_point.goto(f"{base}{EVENT}registration/review/")
    row = focal_point.get_by_role("row").filter(has_text="Đỗ Văn Minh")
    row.get_by_role("button", name=re.compile("Approve")).click()
    expect(focal_point.get_by_role("status")).to_be_visible()
    assert mail.outbox[-1].to == ["minh.delegate@example.org"]
    assert "approved" in str(mail.outbox[-1].subject)

    # The demo's other applicant of Viet Nam: found by search, ticked, approved after a confirmation.
    focal_point.get_by_role("searchbox", name=re.compile("Search by name")).fill("Phạm Thu")
    focal_point.get_by_role("button", name="Search", exact=True).click()
    expect(focal_point.get_by_role("row").filter(has_text="Đỗ Văn Minh")).to_have_count(0)
    # The tick-all box ticks every row shown (here the one the search found), and follows the rows.
    tick_all = focal_point.get_by_role("checkbox", name="Tick the registration shown")
    row_box = focal_point.get_by_role("checkbox", name=re.compile("Phạm Thu Hà"))
    tick_all.check()
    expect(row_box).to_be_checked()
    row_box.uncheck()
    expect(tick_all).not_to_be_checked()
    row_box.check()
    expect(tick_all).to_be_checked()
    focal_point.get_by_role("button", name="Approve the ticked registrations").click()
    expect(focal_point.get_by_role("heading", name="Approve this registration?")).to_be_visible()
    focal_point.get_by_role("button", name="Approve", exact=True).click()
    expect(focal_point.get_by_role("status")).to_contain_text("1 registration is approved.")
    assert mail.outbox[-1].to == ["applicant@pavilion.example.org"]
    focal_point.context.close()

    page.goto(base + EVENT)
    page.get_by_role("link", name=ROUNDTABLE).click()
    expect(page.get_by_role("heading", name=ROUNDTABLE)).to_be_visible()
    page.get_by_role("button", name="Add to my agenda").click()
    page.goto(f"{base}{EVENT}agenda/")
    expect(page.get_by_role("link", name=ROUNDTABLE)).to_be_visible()
    page.screenshot(path=str(artifacts / "agenda-after-approval.png"), full_page=True)
