"""Single sign-on through a ministry's SAML 2.0 identity provider in a real browser (issue 18, item 21).

The provider is pysaml2's IdP in its own process (tests/accounts/saml_identity_provider.py), signing
its assertions with a key made for the test and knowing Pavilion from the SP metadata Pavilion serves
(fetched over HTTP, as an operator hands it to the ministry). Chromium goes from Pavilion's sign-in
page to the provider's and back through the browser's own form post, under Pavilion's
Content-Security-Policy. Pavilion is ``localhost`` and the provider ``127.0.0.1``: two sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.accounts.models import User
from pavilion.accounts.saml import SAMLConnection, save_saml_provider
from pavilion.directory.models import Organisation
from tests.accounts.saml_identity_provider import (
    ALTERATIONS,
    COUNTRY,
    EMAIL,
    NAME,
    ORGANISATION,
    PASSWORD,
    SAMLProvider,
    altered,
    provider_address,
    running_saml_provider,
    signing_certificate,
)
from tests.factories import OrganisationFactory
from tests.servers import free_port

# The provider is a process of its own, as in tests/e2e/test_sso_journey.py.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.own_database]

MINISTRY = "Ministry of Information, Viet Nam"


def _pavilion(live_server: LiveServer) -> str:
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def provider(live_server: LiveServer, tmp_path: Path, settings: Any) -> Iterator[SAMLProvider]:
    """The ministry's provider as an operator registers it (docs/security.md), then running with
    Pavilion's SP metadata."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    port = free_port()
    organisation = OrganisationFactory.create(slug="mic-vn", country="VN", name={"en": "MIC Viet Nam"})
    OrganisationFactory.create(slug="vnnic", country="VN", acronym="VNNIC", name={"en": "VNNIC"})
    save_saml_provider(
        connection=SAMLConnection(
            slug="mic-vn",
            name=MINISTRY,
            entity_id=provider_address(port).entity_id,
            sso_url=provider_address(port).sso_url,
            certificate=signing_certificate(tmp_path),
            email_attribute=EMAIL,
            name_attribute=NAME,
            country_attribute=COUNTRY,
            organisation_attribute=ORGANISATION,
        ),
        organisation=organisation,
        email_domains="mic.gov.vn",
    )
    metadata = httpx.get(f"{_pavilion(live_server)}/accounts/saml/mic-vn/metadata/", timeout=30)
    assert metadata.status_code == 200, metadata.text
    with running_saml_provider(tmp_path, port, sp_metadata=metadata.text) as running:
        yield running


def _sign_in_at_the_ministry(page: Page, base: str, provider: SAMLProvider, email: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_role("link", name=MINISTRY).click()
    expect(page.get_by_role("heading", name=f"Sign In Via {MINISTRY}")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    # The ministry's own sign-in page (another site).
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.sso_url)}\?SAMLRequest="))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_ministry_official_signs_in_with_the_ministrys_saml_provider(
    page: Page, live_server: LiveServer, provider: SAMLProvider, artifacts: Path
) -> None:
    base = _pavilion(live_server)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.location['url']}: {message.text}") if message.type == "error" else None
        ),
    )
    _sign_in_at_the_ministry(page, base, provider, "lan@mic.gov.vn")

    # Back at Pavilion, signed in to a new account made from the assertion's attributes.
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    assert page.url == f"{base}/en/accounts/profile/"
    page.screenshot(path=str(artifacts / "saml-signed-in.png"), full_page=True)
    user = User.objects.get(email="lan@mic.gov.vn")
    vnnic = Organisation.objects.get(slug="vnnic")
    assert (user.full_name, str(user.country), user.organisation) == ("Nguyễn Thị Lan", "VN", vnnic)
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(provider="mic-vn").user == user
    expect(page.get_by_label("Full name")).to_have_value("Nguyễn Thị Lan")
    expect(page.get_by_label("Organisation")).to_have_value(str(vnnic.pk))
    expect(page.locator("select[name=country]")).to_have_value("VN")
    # Nothing was refused on the way (a Content-Security-Policy stop shows in the console).
    assert errors == []


def _rewrite_assertion(alteration: str) -> Any:
    """A route handler that changes the assertion the browser posts to Pavilion, as its holder could."""

    def handler(route: Route) -> None:
        form = {key: values[0] for key, values in parse_qs(route.request.post_data or "").items()}
        form["SAMLResponse"] = altered(form["SAMLResponse"], alteration)
        route.continue_(post_data=urlencode(form))

    return handler


@pytest.mark.parametrize("alteration", ALTERATIONS)
def test_an_altered_assertion_is_refused_with_a_message_and_makes_no_account(
    page: Page, live_server: LiveServer, provider: SAMLProvider, alteration: str
) -> None:
    base = _pavilion(live_server)
    page.route(re.compile(r"/accounts/saml/mic-vn/acs/$"), _rewrite_assertion(alteration))
    _sign_in_at_the_ministry(page, base, provider, "mallory@mic.gov.vn")

    expect(page.get_by_role("heading", name="Third-Party Login Failure")).to_be_visible()
    expect(page.get_by_text(f"The answer from {MINISTRY} could not be verified")).to_be_visible()
    expect(page.get_by_text("no account was made or changed")).to_be_visible()
    assert (User.objects.count(), SocialAccount.objects.count()) == (0, 0)
    page.goto(f"{base}/en/accounts/profile/")
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
