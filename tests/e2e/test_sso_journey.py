"""Single sign-on in a real browser (issue 18, item 21): "Sign in with" a ministry's OpenID Connect
provider on Pavilion's sign-in page, the provider's own sign-in page, and back, signed in.

The provider is a real one in its own process (tests/accounts/identity_provider.py: allauth's
provider mode in a second Pavilion with its own database). Chromium talks to both servers, under
Pavilion's Content-Security-Policy, and Pavilion fetches the provider's discovery document, keys,
token and userinfo over HTTP. Pavilion is reached as ``localhost`` and the provider as ``127.0.0.1``:
two sites, so neither reads the other's cookies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.accounts.models import IdentityProvider, User
from tests.accounts.identity_provider import CLIENT_SECRET, PASSWORD, Provider, running_provider
from tests.accounts.two_factor import add_totp, totp_code
from tests.factories import EventFactory, OrganisationFactory, UserFactory

# The provider runs on a database of its own (as in tests/accounts/test_sso.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.own_database]

MINISTRY = "Ministry of Information, Viet Nam"


def _pavilion(live_server: LiveServer) -> str:
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory, live_server: LiveServer) -> Iterator[Provider]:
    callback = f"{_pavilion(live_server)}/accounts/oidc/ministry/login/callback/"
    with running_provider(tmp_path_factory.mktemp("identity-provider"), callbacks=[callback]) as running:
        yield running


@pytest.fixture
def ministry(provider: Provider, settings: Any) -> IdentityProvider:
    """The ministry's provider as an operator sets it up in the back office (docs/security.md)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="ministry",
        name=MINISTRY,
        client_id="pavilion",
        secret=CLIENT_SECRET,
        settings={"server_url": provider.url},
    )
    organisation = OrganisationFactory.create(slug="mic-vn", country="VN", name={"en": "MIC Viet Nam"})
    return IdentityProvider.objects.create(app=app, organisation=organisation, email_domains="mic.gov.vn")


def _sign_in_through_the_ministry(page: Page, base: str, provider: Provider, email: str) -> None:
    """From Pavilion's sign-in page to the provider's, where the person types their password."""
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_role("link", name=MINISTRY).click()
    expect(page.get_by_role("heading", name=f"Sign In Via {MINISTRY}")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    # The ministry's own sign-in page (another site).
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.url)}/en/accounts/login/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()


def test_a_ministry_official_signs_in_with_the_ministrys_provider(
    page: Page, live_server: LiveServer, provider: Provider, ministry: IdentityProvider, artifacts: Path
) -> None:
    base = _pavilion(live_server)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _sign_in_through_the_ministry(page, base, provider, "lan@mic.gov.vn")

    # Back at Pavilion, signed in to a new account made from the provider's claims.
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    assert page.url == f"{base}/en/accounts/profile/"
    page.screenshot(path=str(artifacts / "sso-signed-in.png"), full_page=True)
    user = User.objects.get(email="lan@mic.gov.vn")
    assert (user.full_name, str(user.country), user.organisation) == ("Nguyễn Thị Lan", "VN", ministry.organisation)
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(provider="ministry").user == user
    expect(page.get_by_label("Full name")).to_have_value("Nguyễn Thị Lan")
    # Nothing was refused on the way (a Content-Security-Policy stop shows in the console).
    assert errors == []


def test_an_organiser_who_did_the_ministrys_second_factor_is_not_asked_again(
    page: Page, live_server: LiveServer, provider: Provider, ministry: IdentityProvider, settings: Any
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    base = _pavilion(live_server)
    organiser = UserFactory.create(email="mai@mic.gov.vn", full_name="Lê Thị Mai")
    add_totp(organiser)  # Pavilion's own code would be asked after a password
    EventFactory.create(name={"en": "Virtual Digital World"}).organising_team.add(organiser)

    _sign_in_through_the_ministry(page, base, provider, "mai@mic.gov.vn")
    # The ministry asks for its own second factor...
    page.get_by_label("Code").fill(totp_code(provider.secrets["mai_secret"]))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("button", name="Don't Trust").click()

    # ... and says so (amr "mfa"): Pavilion asks no code, and the organiser area opens.
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    page.goto(f"{base}/en/manage/")
    expect(page.get_by_text("Virtual Digital World").first).to_be_visible()
    assert SocialAccount.objects.get(provider="ministry").user == organiser
