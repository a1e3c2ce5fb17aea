"""A newcomer signs up, verifies their address, signs in and edits their profile, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.accounts.models import User
from pavilion.demo.services import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-and-unusual-passphrase"


def test_sign_up_verify_sign_in_and_edit_profile(page: Page, live_server: LiveServer, artifacts: Path) -> None:
    load_demo(set_passwords=False)
    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("link", name="ITU Virtual Digital World 2020")).to_be_visible()

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up").click()
    page.get_by_label("Full name").fill("Phạm Quốc Huy")
    page.get_by_label("Email").fill("huy.pham@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/en/accounts/confirm-email/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    page.goto(live_server.url + link.group(1))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill("huy.pham@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()

    page.get_by_label("Title").select_option("mr")
    page.get_by_label("Position").fill("Director, Digital Economy Department")
    page.get_by_label("Country or economy").select_option("VN")
    page.get_by_label("Organisation").select_option(label="Ministry of Information and Communications of Viet Nam")
    page.get_by_label("Time zone").select_option("Asia/Ho_Chi_Minh")
    page.get_by_label("Preferred language").select_option("vi")
    page.get_by_role("button", name="Save profile").click()

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("status")).to_contain_text("Hồ sơ của bạn đã được lưu")
    page.screenshot(path=str(artifacts / "account-journey-profile-vi.png"), full_page=True)

    user = User.objects.get(email="huy.pham@example.org")
    assert (user.full_name, user.honorific, user.job_title) == (
        "Phạm Quốc Huy",
        "mr",
        "Director, Digital Economy Department",
    )
    assert user.country == "VN"
    assert user.organisation is not None
    assert user.organisation.slug == "mic-viet-nam"
    assert (user.time_zone, user.preferred_languages) == ("Asia/Ho_Chi_Minh", ["vi"])
    assert user.password.startswith("argon2$")


def test_arabic_home_is_right_to_left_and_fits_a_small_phone(
    page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=False)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="الانتقال إلى المحتوى الرئيسي")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.screenshot(path=str(artifacts / "home-ar-320px.png"), full_page=True)
