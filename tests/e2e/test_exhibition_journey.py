"""A visitor browses the 2D exhibition, filters it, opens a booth and one of its products."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HALL = "/en/events/itu-digital-world-2020/exhibition/"


def test_visitor_browses_filters_and_opens_a_booth_and_a_product(
    page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=False)
    base = live_server.url
    page.goto(base + "/en/events/itu-digital-world-2020/")
    page.get_by_role("link", name="Exhibition", exact=True).click()
    expect(page.get_by_role("heading", name="Exhibition", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Connectivity: 5G and broadband")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("63 booths")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "exhibition-2d.png"), full_page=False)

    # Filters are a plain GET form: they work without JavaScript.
    page.get_by_label("Country or economy").select_option(label="Viet Nam")
    page.get_by_label("Theme").select_option(label="5G")
    page.get_by_role("button", name="Show booths").click()
    assert "country=VN" in page.url
    assert "theme=5g" in page.url
    expect(page.get_by_role("link", name="Mekong Example Telecom", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Orbital Example Group Research")).to_have_count(0)

    page.get_by_role("link", name="Mekong Example Telecom", exact=True).click()
    expect(page.get_by_role("heading", name="Mekong Example Telecom", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Products, services and solutions")).to_be_visible()
    page.get_by_role("link", name="Private 5G network for factories").click()
    expect(page.get_by_role("heading", name="Private 5G network for factories", level=1)).to_be_visible()
    expect(page.get_by_text("A standalone 5G core")).to_be_visible()

    # The draft booth of the same exhibitor does not exist for visitors.
    assert page.goto(f"{base}{HALL}booths/mekong-example-telecom-labs/").status == 404  # type: ignore[union-attr]
