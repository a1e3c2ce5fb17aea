"""Signing in with a passkey instead of the password (issue 18, item 20), in a real browser.

Chromium's virtual authenticator stands in for the phone or security key: it keeps a discoverable
credential and verifies the person (the PIN or fingerprint a real one asks for).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import CDPSession, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import TEST_PASSWORD, EventFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page: Page) -> CDPSession:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    session.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return session


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()


def test_an_organiser_adds_a_passkey_and_signs_in_with_it_alone(
    page: Page, live_server: LiveServer, settings: Any, artifacts: Path
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    # WebAuthn needs a secure context: localhost is one, 127.0.0.1 is no WebAuthn domain.
    base = live_server.url.replace("127.0.0.1", "localhost")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    organiser = UserFactory.create(email="lan@example.org", full_name="Nguyễn Thị Lan")
    EventFactory.create(name={"en": "Virtual Digital World"}).organising_team.add(organiser)
    _virtual_authenticator(page)

    # The first sign-in (password) leads to adding a second factor: a passkey, marked passwordless.
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(organiser.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.goto(f"{base}/en/accounts/2fa/webauthn/add/")
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    key = Authenticator.objects.get(user=organiser, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().is_passwordless is True
    _sign_out(page)

    # Next time: no e-mail address, no password, no code — the passkey alone, and the organiser
    # area (which requires a second factor) opens.
    page.goto(f"{base}/en/accounts/login/")
    page.screenshot(path=str(artifacts / "passkey-sign-in.png"), full_page=True)
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.get_by_text("lan@example.org").first).to_be_visible()
    page.goto(f"{base}/en/manage/")
    expect(page.get_by_text("Virtual Digital World").first).to_be_visible()
    key.refresh_from_db()
    assert key.last_used_at is not None
