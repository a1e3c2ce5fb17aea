"""Single sign-on through an organisation's OpenID Connect provider (issue 18, item 21).

The provider is real: a second Pavilion in its own process and database, with allauth's OpenID
provider mode on (tests/accounts/idp_settings.py), reached over HTTP. The person's browser is a
plain HTTP client signed in there; Pavilion is the test client here, fetching the provider's
configuration, keys, tokens and userinfo over HTTP as in production.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core import mail
from django.test import Client

from pavilion.accounts.models import IdentityProvider, User
from tests.accounts.identity_provider import CLIENT_SECRET, PASSWORD, Provider, running_provider
from tests.accounts.two_factor import add_totp, totp_code
from tests.csp import directives
from tests.factories import EventFactory, OrganisationFactory, UserFactory

# The provider runs on a database of its own; Pavilion's side is checked in CI's PostgreSQL pass.
pytestmark = [pytest.mark.django_db, pytest.mark.own_database]

CALLBACK = "http://testserver/accounts/oidc/ministry/login/callback/"
_PERIODS = itertools.cycle([0, 1, -1])


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with running_provider(tmp_path_factory.mktemp("identity-provider"), callbacks=[CALLBACK]) as running:
        yield running


@pytest.fixture
def ministry(provider: Provider) -> IdentityProvider:
    """The ministry's provider as an operator configures it in Pavilion."""
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="ministry",
        name="Ministry of Information, Viet Nam",
        client_id="pavilion",
        secret=CLIENT_SECRET,
        settings={"server_url": provider.url},
    )
    organisation = OrganisationFactory.create(slug="mic-vn", country="VN")
    return IdentityProvider.objects.create(app=app, organisation=organisation, email_domains="mic.gov.vn")


def _signed_in_at_the_provider(provider: Provider, email: str) -> httpx.Client:
    """A browser signed in at the ministry's provider (with its second factor, when it has one)."""
    browser = httpx.Client(base_url=provider.url, follow_redirects=False, timeout=30)
    browser.get("/en/accounts/login/")
    form = {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    step = browser.post("/en/accounts/login/", data=form)
    if step.headers["location"] == "/en/accounts/2fa/authenticate/":
        # Each code signs in once; the provider accepts the next period's too (clock drift).
        code = totp_code(provider.secrets["mai_secret"], periods_ahead=next(_PERIODS))
        browser.post(
            "/en/accounts/2fa/authenticate/", data={"code": code, "csrfmiddlewaretoken": form["csrfmiddlewaretoken"]}
        )
        step = browser.post(
            "/en/accounts/2fa/trust/", data={"action": "skip", "csrfmiddlewaretoken": form["csrfmiddlewaretoken"]}
        )
    assert step.headers["location"] == "/en/accounts/profile/", step.text[:500]
    return browser


def _single_sign_on(client: Client, browser: httpx.Client) -> Any:
    """Pavilion's "sign in with the ministry" button, the provider's answer, and Pavilion's callback."""
    start = client.post("/en/accounts/oidc/ministry/login/")
    assert start.status_code == 302, start.content.decode()[:500]
    answer = browser.get(start["Location"])
    assert answer.status_code == 302, answer.text[:500]
    callback = answer.headers["location"]
    assert callback.startswith(CALLBACK), callback
    return client.get(callback.removeprefix("http://testserver"))


def test_a_newcomer_gets_an_account_with_name_country_and_organisation(
    client: Client, provider: Provider, ministry: IdentityProvider
) -> None:
    response = _single_sign_on(client, _signed_in_at_the_provider(provider, "lan@mic.gov.vn"))
    assert response["Location"] == "/en/accounts/profile/"
    user = User.objects.get(email="lan@mic.gov.vn")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (user.full_name, str(user.country), user.organisation) == ("Nguyễn Thị Lan", "VN", ministry.organisation)
    assert EmailAddress.objects.get(user=user).verified is True
    assert not user.has_usable_password()


def test_an_existing_account_is_linked_by_its_verified_address(
    client: Client, provider: Provider, ministry: IdentityProvider
) -> None:
    existing = UserFactory.create(
        email="minh@mic.gov.vn", full_name="Minh Tran", job_title="Director", preferred_languages=["vi"]
    )
    response = _single_sign_on(client, _signed_in_at_the_provider(provider, "minh@mic.gov.vn"))
    assert response["Location"] == "/en/accounts/profile/"
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert SocialAccount.objects.get(provider="ministry").user == existing
    # The owner is told, in their language (docs/security.md "E-mails about security changes").
    [notice] = mail.outbox
    assert (notice.to, notice.subject) == (["minh@mic.gov.vn"], "[Pavilion] Đã kết nối tài khoản bên thứ ba")
    assert (
        "\n\nMột tài khoản bên thứ ba từ Ministry of Information, Viet Nam đã được kết nối với tài khoản của bạn.\n\n"
    ) in notice.body
    existing.refresh_from_db()
    # What the person wrote stays; what the profile lacked comes from the provider.
    assert (existing.full_name, existing.job_title, str(existing.country)) == ("Minh Tran", "Director", "VN")
    assert existing.organisation == ministry.organisation
    assert User.objects.filter(email__iendswith="@mic.gov.vn").count() == 1


def test_a_provider_cannot_sign_in_addresses_outside_its_domains(
    client: Client, provider: Provider, ministry: IdentityProvider
) -> None:
    head = UserFactory.create(email="head@un.org")
    response = _single_sign_on(client, _signed_in_at_the_provider(provider, "head@un.org"))
    assert "Sign Up Closed" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=head).exists()


def test_the_providers_second_factor_counts_for_an_organiser(
    client: Client, provider: Provider, ministry: IdentityProvider, settings: Any
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    organiser = UserFactory.create(email="mai@mic.gov.vn")
    add_totp(organiser)  # Pavilion would ask for it after a password
    EventFactory.create().organising_team.add(organiser)
    response = _single_sign_on(client, _signed_in_at_the_provider(provider, "mai@mic.gov.vn"))
    assert response["Location"] == "/en/accounts/profile/"
    assert client.get("/en/manage/").status_code == 200


def test_a_provider_not_trusted_for_it_leaves_pavilions_second_factor_to_ask(
    client: Client, provider: Provider, ministry: IdentityProvider, settings: Any
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    ministry.trusts_provider_mfa = False
    ministry.save()
    organiser = UserFactory.create(email="mai@mic.gov.vn")
    add_totp(organiser)
    EventFactory.create().organising_team.add(organiser)
    response = _single_sign_on(client, _signed_in_at_the_provider(provider, "mai@mic.gov.vn"))
    assert response["Location"] == "/en/accounts/2fa/authenticate/"


def test_an_organiser_whose_provider_did_no_second_factor_must_add_one(
    client: Client, provider: Provider, ministry: IdentityProvider, settings: Any
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    organiser = UserFactory.create(email="minh@mic.gov.vn")
    EventFactory.create().organising_team.add(organiser)
    assert _single_sign_on(client, _signed_in_at_the_provider(provider, "minh@mic.gov.vn"))["Location"] == (
        "/en/accounts/profile/"
    )
    assert client.get("/en/manage/")["Location"] == "/en/accounts/2fa/"


def test_the_sign_in_page_lets_its_form_continue_to_the_provider(
    client: Client, provider: Provider, ministry: IdentityProvider
) -> None:
    """The Content-Security-Policy's form-action names the provider, or browsers stop at the redirect."""
    policy = client.get("/en/accounts/oidc/ministry/login/")["Content-Security-Policy"]
    assert directives(policy)["form-action"] == ["'self'", provider.url]
