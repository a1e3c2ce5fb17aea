"""Issue 16 in a real browser: a phone's 390 px screen holds the exhibitor's surveys page, a first
visit shows the browser's own times at once, and the 3D hall's booths can be skipped by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from tests.e2e.signing_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EVENT = "/en/events/itu-digital-world-2020/"
SURVEYS = EVENT + "exhibition/my-booths/mekong-example-telecom/surveys/"


def test_exhibitor_surveys_page_fits_a_phone(browser: Browser, live_server: LiveServer) -> None:
    load_demo(set_passwords=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "exhibitor@pavilion.example.org", "pavilion-demo-exhibitor")
    page.goto(live_server.url + SURVEYS)
    expect(page.get_by_role("region", name="Surveys, their status and responses")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_first_visit_shows_the_browsers_zone_on_the_first_page(browser: Browser, live_server: LiveServer) -> None:
    load_demo(set_passwords=False)
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    page = context.new_page()
    page.goto(live_server.url + EVENT)
    expect(page.locator(".viewer-time").first).to_contain_text("(New York, UTC-4)")
    expect(page.locator(".viewer-zone-note")).to_contain_text("Your time zone: New York")
    assert "in yours (UTC)" not in page.content()
    # The next page is rendered by the server in that zone, from the cookie the first one set.
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-viewer-zone", "America/New_York")
    context.close()


def test_3d_hall_skip_link_jumps_over_the_booths(browser: Browser, live_server: LiveServer) -> None:
    load_demo(set_passwords=False)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + EVENT + "exhibition/3d/")
    skip = page.get_by_role("link", name="Skip the booths: how to move around")
    page.evaluate("document.querySelector('.hall3d-stage').hidden = false")  # as when the 3D hall starts
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#hall3d-help-summary")).to_be_focused()
    context.close()


def test_exhibition_filters_fold_on_a_phone_and_stay_open_on_a_desktop(
    browser: Browser, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True).new_page()
    phone.goto(live_server.url + EVENT + "exhibition/")
    expect(phone.get_by_label("Search booths and products")).to_be_visible()
    expect(phone.get_by_label("Country or economy")).to_be_hidden()
    phone.get_by_text("More filters", exact=True).click()
    expect(phone.get_by_label("Country or economy")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    desktop.goto(live_server.url + EVENT + "exhibition/")
    expect(desktop.get_by_label("Country or economy")).to_be_visible()
    desktop.context.close()
    # Without JavaScript the filters are open on a desktop too; a filter in use keeps them open on a phone.
    plain = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=False)
    page = plain.new_page()
    page.goto(live_server.url + EVENT + "exhibition/")
    expect(page.get_by_label("Country or economy")).to_be_visible()
    plain.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True).new_page()
    phone.goto(live_server.url + EVENT + "exhibition/?country=VN")
    expect(phone.get_by_label("Country or economy")).to_be_visible()
    phone.context.close()
