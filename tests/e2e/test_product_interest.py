"""A visitor taps "Very interested" on a product (inline, no reload), answers the follow-ups and shares
their contact; the booth's staff then read the answer, with the visitor's name, in the results."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from tests.e2e.signing_in import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BOOTH = "/en/events/itu-digital-world-2020/exhibition/booths/mekong-example-telecom/"
PRODUCT = BOOTH + "products/private-5g/"


def test_visitor_rates_a_product_and_the_booth_staff_see_it(
    browser: Browser, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=True)
    base = live_server.url
    visitor = signed_in_page(browser, base, "visitor@pavilion.example.org", "pavilion-demo-visitor")
    visitor.goto(base + PRODUCT)
    expect(visitor.get_by_role("heading", name="How interested are you?")).to_be_visible()
    expect(visitor.get_by_text("Would you like a live demonstration?")).to_have_count(0)
    visitor.wait_for_function("window.htmx !== undefined")
    visitor.evaluate("window.notReloaded = true")

    visitor.get_by_role("button", name="Very interested", exact=True).click()
    expect(visitor.get_by_text("Thank you: you chose “Very interested”.")).to_be_visible()
    expect(visitor.get_by_role("button", name="Very interested", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(visitor.get_by_text("Would you like a live demonstration?")).to_be_visible()
    assert visitor.evaluate("window.notReloaded") is True  # htmx swapped the widget in place
    # Focus is on the thanks, not back at the top of the page: the next Tab reaches the follow-ups.
    expect(visitor.locator(".interest-thanks")).to_be_focused()
    visitor.keyboard.press("Tab")
    assert visitor.evaluate("document.activeElement.closest('.interest-follow-up') !== null") is True

    consent = visitor.get_by_label("Share my name and contact with Mekong Example Telecom")
    expect(consent).not_to_be_checked()
    visitor.get_by_label("Yes", exact=True).check()
    visitor.get_by_label("What would you use it for?").fill("Campus network for our regulator")
    consent.check()
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.get_by_text("Thank you: your answers were saved.")).to_be_visible()
    assert visitor.evaluate("window.notReloaded") is True
    visitor.set_viewport_size({"width": 1280, "height": 900})
    visitor.locator("#interest").screenshot(path=str(artifacts / "product-interest.png"))

    staff = signed_in_page(browser, base, "exhibitor@pavilion.example.org", "pavilion-demo-exhibitor")
    staff.goto(base + PRODUCT)
    staff.get_by_role("link", name="Surveys and results of this booth").click()
    expect(staff.get_by_role("heading", name="Surveys of Mekong Example Telecom")).to_be_visible()
    row = staff.get_by_role("row").filter(has_text="Private 5G network for factories")
    row.get_by_role("link", name="Results").click()
    expect(staff.get_by_role("heading", name="Respondents who shared their name and contact")).to_be_visible()
    contact = staff.get_by_role("row").filter(has_text="Olga Petrova")
    expect(contact).to_contain_text("visitor@pavilion.example.org")
    expect(contact).to_contain_text("How interested are you?: Very interested")
    expect(contact).to_contain_text("Campus network for our regulator")
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.screenshot(path=str(artifacts / "booth-survey-results.png"), full_page=True)
