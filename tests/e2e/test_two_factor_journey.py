"""An organiser must add a second factor: enrols an authenticator app, signs in with it, and signs in
once more with a recovery code, in a real browser (issue 18, item 20)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.accounts.two_factor import totp_code
from tests.factories import TEST_PASSWORD, EventFactory, FocalPointFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()


def test_enrol_an_authenticator_app_sign_in_with_it_and_recover_with_a_code(
    page: Page, live_server: LiveServer, settings: Any, artifacts: Path
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    base = live_server.url
    organiser = UserFactory.create(email="lan@example.org", full_name="Nguyễn Thị Lan")
    EventFactory.create(name={"en": "Virtual Digital World"}).organising_team.add(organiser)

    # The password alone leads to adding a second factor, nowhere else.
    _sign_in(page, base, organiser.email)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("must use two-factor authentication")
    page.goto(f"{base}/en/manage/")
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()

    page.get_by_role("link", name="Activate").click()
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)  # allauth confirms the password first
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    page.screenshot(path=str(artifacts / "two-factor-activate.png"), full_page=True)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.screenshot(path=str(artifacts / "two-factor-recovery-codes.png"), full_page=True)
    codes = page.get_by_label("Unused codes").input_value().split()
    assert len(codes) == 10
    page.goto(f"{base}/en/manage/")
    expect(page.get_by_text("Virtual Digital World").first).to_be_visible()
    _sign_out(page)

    # Signing in asks for the app's code.
    _sign_in(page, base, organiser.email)
    page.get_by_label("Code").fill(totp_code(secret, periods_ahead=1))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    _sign_out(page)

    # The phone is lost: a recovery code signs in, once.
    _sign_in(page, base, organiser.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    page.goto(f"{base}/en/manage/")
    expect(page.get_by_text("Virtual Digital World").first).to_be_visible()


def test_a_focal_point_adds_a_security_key_and_signs_in_with_it(
    page: Page, live_server: LiveServer, settings: Any
) -> None:
    """WebAuthn, with Chromium's virtual authenticator standing in for the key (or a phone's passkey)."""
    settings.PAVILION_MFA_ENFORCED = True
    # A security key needs a secure context: localhost is one, 127.0.0.1 is no WebAuthn domain.
    base = live_server.url.replace("127.0.0.1", "localhost")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    focal_point = FocalPointFactory.create(user=UserFactory.create(email="omar@example.org")).user
    authenticator = page.context.new_cdp_session(page)
    authenticator.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True}
    authenticator.send("WebAuthn.addVirtualAuthenticator", {"options": {**options, "isUserVerified": True}})

    _sign_in(page, base, focal_point.email)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.goto(f"{base}/en/accounts/2fa/webauthn/add/")
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    _sign_out(page)

    _sign_in(page, base, focal_point.email)
    page.get_by_role("button", name="Use a security key").click()
    page.get_by_role("button", name="Don't Trust").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
