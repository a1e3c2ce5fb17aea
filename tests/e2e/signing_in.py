"""Signing in a browser page through the real login form, as every journey's people do."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """Sign in on ``page`` and wait for the profile page the login leads to."""
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()


def signed_in_page(browser: Browser, base: str, email: str, password: str) -> Page:
    """A page in a browser context of its own (British English, Zurich time), signed in."""
    page = browser.new_context(locale="en-GB", timezone_id="Europe/Zurich").new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, email, password)
    return page
