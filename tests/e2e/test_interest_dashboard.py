"""A visitor rates a product (and shares their contact); the exhibitor's dashboard counts it and the
leads page shows the visitor with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from tests.e2e.signing_in import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EVENT = "/en/events/itu-digital-world-2020/exhibition/"
PRODUCT = EVENT + "booths/mekong-example-telecom/products/private-5g/"
DASHBOARD = EVENT + "my-booths/mekong-example-telecom/dashboard/"
PRODUCT_NAME = "Private 5G network for factories"


def _very_interested(page: Page) -> int:
    table = page.get_by_role("table", name=f"Interest in {PRODUCT_NAME}")
    return int(table.get_by_role("row").filter(has_text="Very interested").get_by_role("cell").inner_text())


def test_visitor_rates_a_product_and_the_exhibitor_dashboard_shows_it(
    browser: Browser, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=True)
    base = live_server.url
    staff = signed_in_page(browser, base, "exhibitor@pavilion.example.org", "pavilion-demo-exhibitor")
    staff.goto(base + DASHBOARD)
    expect(staff.get_by_role("heading", name="Booth dashboard")).to_be_visible()
    before = _very_interested(staff)

    visitor = signed_in_page(browser, base, "visitor@pavilion.example.org", "pavilion-demo-visitor")
    visitor.goto(base + PRODUCT)
    visitor.wait_for_function("window.htmx !== undefined")
    visitor.get_by_role("button", name="Very interested", exact=True).click()
    expect(visitor.get_by_text("Thank you: you chose “Very interested”.")).to_be_visible()
    visitor.get_by_label("Share my name and contact with Mekong Example Telecom").check()
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.get_by_text("Thank you: your answers were saved.")).to_be_visible()

    staff.reload()
    assert _very_interested(staff) == before + 1
    expect(staff.get_by_role("img", name=f"Interest in {PRODUCT_NAME}")).to_be_visible()
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.screenshot(path=str(artifacts / "exhibitor-dashboard.png"), full_page=True)

    staff.get_by_role("link", name="Leads", exact=True).first.click()
    row = staff.get_by_role("row").filter(has_text="Olga Petrova")
    expect(row).to_contain_text(f"Very interested in {PRODUCT_NAME} (+30)")
