"""A visitor searches the 2D exhibition in Vietnamese without diacritics and in Arabic, sees booths
with their matching products, and opens one; the search field keeps what was typed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo
from pavilion.exhibition.models import Booth, BoothStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HALL = "/{lang}/events/itu-digital-world-2020/exhibition/"


def test_visitor_searches_in_vietnamese_and_arabic_and_opens_a_product(
    page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=False)
    with_product = Booth.objects.filter(status=BoothStatus.PUBLISHED, products__slug="open-data-platform").count()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + HALL.format(lang="en"))

    # A plain GET form: typing and pressing Enter works without JavaScript.
    page.get_by_label("Search booths and products").fill("nen tang du lieu mo")
    page.get_by_label("Search booths and products").press("Enter")
    assert "q=nen+tang+du+lieu+mo" in page.url
    expect(page.get_by_role("heading", name="Search results for “nen tang du lieu mo”")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(f"{with_product} booths")
    expect(page.get_by_label("Search booths and products")).to_have_value("nen tang du lieu mo")
    results = page.locator(".search-results .booth-card")
    expect(results).to_have_count(with_product)
    page.screenshot(path=str(artifacts / "exhibition-search.png"), full_page=False)
    results.first.get_by_role("link", name="Open data platform").click()
    expect(page.get_by_role("heading", name="Open data platform", level=1)).to_be_visible()

    # The same product in Arabic, on the right-to-left page.
    page.goto(live_server.url + HALL.format(lang="ar") + "?" + urlencode({"q": "منصة البيانات المفتوحة"}))
    expect(page.locator(".search-results .booth-card")).to_have_count(with_product)
    page.screenshot(path=str(artifacts / "exhibition-search-ar.png"), full_page=False)

    # Nothing found: a sentence that says so, and the query still in the field.
    page.goto(live_server.url + HALL.format(lang="en") + "?q=zzzz+NEAR%28")
    expect(page.get_by_text("No booth or product matches “zzzz NEAR(”.")).to_be_visible()
    expect(page.get_by_label("Search booths and products")).to_have_value("zzzz NEAR(")
