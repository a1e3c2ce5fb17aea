"""Single sign-on through a ministry's SAML 2.0 identity provider (issue 18, item 21).

The operator's side (``accounts.saml.save_saml_provider`` and the back office's form): a bad
certificate or a missing field gets a message and saves nothing. The sign-in itself goes through a
real provider: pysaml2's IdP in its own process (tests/accounts/saml_identity_provider.py), signing
with a key made here, registered from Pavilion's own SP metadata. Pavilion is the test client; the
person's browser at the provider is a plain HTTP client.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.test import Client

from pavilion.accounts.models import IdentityProvider, SAMLIdentityProvider, User
from pavilion.accounts.saml import AUTHN_CONTEXTS, SAMLConnection, save_saml_provider
from pavilion.directory.models import Organisation
from tests.accounts.saml_identity_provider import (
    ALTERATIONS,
    COUNTRY,
    EMAIL,
    NAME,
    ORGANISATION,
    PASSWORD,
    PASSWORD_ONLY,
    SAMLProvider,
    altered,
    provider_address,
    running_saml_provider,
    signing_certificate,
)
from tests.accounts.two_factor import add_totp
from tests.csp import directives
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.servers import free_port

pytestmark = pytest.mark.django_db

MINISTRY = "Ministry of Information, Viet Nam"
# python3-saml refuses single-label host names such as "testserver" in its addresses, not "localhost".
ACS = "http://localhost/accounts/saml/mic-vn/acs/"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


def _connection(address: SAMLProvider, pem: str, **changes: str) -> SAMLConnection:
    connection = SAMLConnection(
        slug="mic-vn",
        name=MINISTRY,
        entity_id=address.entity_id,
        sso_url=address.sso_url,
        certificate=pem,
        email_attribute=EMAIL,
        name_attribute=NAME,
        country_attribute=COUNTRY,
        organisation_attribute=ORGANISATION,
    )
    return replace(connection, **changes)


@pytest.fixture
def certificate(tmp_path: Path) -> str:
    return signing_certificate(tmp_path / "idp")


# --- Registering a provider -----------------------------------------------------------------------


def test_a_provider_is_saved_with_allauths_settings(certificate: str) -> None:
    organisation = OrganisationFactory.create(slug="mic-vn", country="VN")
    address = provider_address(8443)
    provider = save_saml_provider(
        connection=_connection(address, certificate), organisation=organisation, email_domains="mic.gov.vn"
    )
    app = SocialApp.objects.get()
    body = "".join(certificate.splitlines()[1:-1])
    assert (app.provider, app.provider_id, app.client_id, app.name) == ("saml", "mic-vn", "mic-vn", MINISTRY)
    assert app.settings["idp"] == {"entity_id": address.entity_id, "sso_url": address.sso_url, "x509cert": body}
    assert app.settings["attribute_mapping"]["email"] == [EMAIL]
    assert app.settings["advanced"]["want_assertion_signed"] is True
    assert app.settings["advanced"]["reject_idp_initiated_sso"] is True
    assert (provider.organisation, provider.name_claim, provider.organisation_claim) == (
        organisation,
        NAME,
        ORGANISATION,
    )
    assert list(SAMLIdentityProvider.objects.all()) == [provider]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"certificate": "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----"},
            "certificate",
            "This is not an X.509 certificate.",
        ),
        (
            {"certificate": base64.b64encode(b"a few bytes that are no certificate").decode()},
            "certificate",
            "This is not",
        ),
        ({"entity_id": "  "}, "entity_id", "This field is required."),
        ({"sso_url": ""}, "sso_url", "This field is required."),
        ({"email_attribute": ""}, "email_attribute", "This field is required."),
        ({"sso_url": "login.mic.gov.vn/sso"}, "sso_url", "Enter the full address"),
        ({"sso_url": "http://login.mic.gov.vn/sso"}, "sso_url", "The sign-in address must start with https://."),
        ({"slug": "MIC VN"}, "slug", "Use at most 40 lower-case letters"),
        ({"name": "x" * 41}, "name", "At most 40 characters"),
    ],
)
def test_a_bad_provider_gets_a_message_and_nothing_is_saved(
    certificate: str, changes: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        save_saml_provider(
            connection=_connection(provider_address(8443), certificate, **changes),
            organisation=None,
            email_domains="mic.gov.vn",
        )
    assert list(refused.value.message_dict) == [field]
    assert refused.value.message_dict[field][0].startswith(message)
    assert (SocialApp.objects.count(), IdentityProvider.objects.count()) == (0, 0)


def test_an_expired_certificate_is_refused_with_its_date(tmp_path: Path) -> None:
    expired = signing_certificate(tmp_path / "old", days=-3)
    with pytest.raises(ValidationError) as refused:
        save_saml_provider(
            connection=_connection(provider_address(8443), expired), organisation=None, email_domains="mic.gov.vn"
        )
    assert refused.value.message_dict["certificate"][0].startswith("This certificate expired on ")
    assert SocialApp.objects.count() == 0


def test_a_provider_without_email_domains_is_refused(certificate: str) -> None:
    with pytest.raises(ValidationError) as refused:
        save_saml_provider(
            connection=_connection(provider_address(8443), certificate), organisation=None, email_domains=""
        )
    assert refused.value.message_dict == {"email_domains": ["This field is required."]}
    assert SocialApp.objects.count() == 0


def test_a_short_name_in_use_is_refused_and_the_first_provider_stays(certificate: str) -> None:
    first = save_saml_provider(
        connection=_connection(provider_address(8443), certificate), organisation=None, email_domains="mic.gov.vn"
    )
    with pytest.raises(ValidationError) as refused:
        save_saml_provider(
            connection=_connection(provider_address(9443), certificate, name="Another ministry"),
            organisation=None,
            email_domains="mpt.gov.vn",
        )
    assert refused.value.message_dict == {"slug": ["Another sign-in provider already uses this short name."]}
    assert list(SocialApp.objects.values_list("name", flat=True)) == [MINISTRY]
    # The provider itself may be saved again under its own short name.
    save_saml_provider(
        connection=_connection(provider_address(8443), certificate, name="MIC"),
        organisation=None,
        email_domains="mic.gov.vn",
        provider=first,
    )
    assert list(SocialApp.objects.values_list("name", flat=True)) == ["MIC"]


def _admin_form(address: SAMLProvider, pem: str, **changes: str) -> dict[str, str]:
    connection = _connection(address, pem)
    form = {
        "name": connection.name,
        "slug": connection.slug,
        "organisation": "",
        "email_domains": "mic.gov.vn",
        "entity_id": connection.entity_id,
        "sso_url": connection.sso_url,
        "certificate": connection.certificate,
        "email_attribute": connection.email_attribute,
        "name_claim": NAME,
        "country_claim": COUNTRY,
        "organisation_claim": ORGANISATION,
    }
    return {**form, **changes}


def test_the_back_office_form_shows_a_bad_certificate_and_saves_nothing(client: Client, certificate: str) -> None:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    url = "/admin/accounts/samlidentityprovider/add/"
    answer = client.post(url, _admin_form(provider_address(8443), certificate, certificate="MIIB broken"))
    assert answer.status_code == 200
    assert "This is not an X.509 certificate." in answer.content.decode()
    assert (SocialApp.objects.count(), IdentityProvider.objects.count()) == (0, 0)

    answer = client.post(url, _admin_form(provider_address(8443), certificate))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    provider = SAMLIdentityProvider.objects.get()
    assert (provider.app.client_id, provider.email_domains) == ("mic-vn", "mic.gov.vn")
    # The change page shows the connection again, and a change is saved.
    page = client.get(f"/admin/accounts/samlidentityprovider/{provider.pk}/change/").content.decode()
    assert provider_address(8443).sso_url in page
    answer = client.post(
        f"/admin/accounts/samlidentityprovider/{provider.pk}/change/",
        _admin_form(provider_address(8443), certificate, name="MIC"),
    )
    assert answer.status_code == 302
    assert SocialApp.objects.get().name == "MIC"


# --- Signing in through a real provider -----------------------------------------------------------


@pytest.fixture
def ministry(client: Client, tmp_path: Path) -> Iterator[SAMLProvider]:
    """The ministry's provider registered in Pavilion, and running with Pavilion's SP metadata."""
    port = free_port()
    certificate = signing_certificate(tmp_path)
    organisation = OrganisationFactory.create(slug="mic-vn", country="VN", acronym="MIC")
    OrganisationFactory.create(slug="vnnic", country="VN", acronym="VNNIC")
    save_saml_provider(
        connection=_connection(provider_address(port), certificate),
        organisation=organisation,
        email_domains="mic.gov.vn",
    )
    metadata = client.get("/accounts/saml/mic-vn/metadata/")
    assert metadata.status_code == 200, metadata.content.decode()
    with running_saml_provider(tmp_path, port, sp_metadata=metadata.content.decode()) as running:
        yield running


def _assertion_for(client: Client, email: str, *, authn_context: str = PASSWORD_ONLY) -> dict[str, str]:
    """Pavilion's button, then the provider's sign-in page: the form the browser would post back, its
    assertion saying how the provider authenticated the person (``authn_context``)."""
    start = client.post("/en/accounts/saml/mic-vn/login/")
    assert start.status_code == 302, start.content.decode()[:500]
    browser = httpx.Client(timeout=30)
    sign_in = browser.get(start["Location"])
    assert sign_in.status_code == 200, sign_in.text[:500]
    fields = dict(re.findall(r'name="(SAMLRequest|RelayState)" value="([^"]*)"', sign_in.text))
    answer = browser.post(
        sign_in.url.join("/sso/login"),
        data={
            **{k: unescape(v) for k, v in fields.items()},
            "email": email,
            "password": PASSWORD,
            "authn_context": authn_context,
        },
    )
    assert answer.status_code == 200, answer.text[:500]
    assert f'action="{ACS}"' in answer.text
    return {k: unescape(v) for k, v in re.findall(r'name="(SAMLResponse|RelayState)" value="([^"]*)"', answer.text)}


def _post_assertion(client: Client, form: dict[str, str]) -> Any:
    received = client.post("/accounts/saml/mic-vn/acs/", form)
    assert received["Location"] == "/accounts/saml/mic-vn/acs/finish/"
    return client.get(received["Location"])


@pytest.mark.own_database
def test_a_newcomer_gets_an_account_made_from_the_assertion(client: Client, ministry: SAMLProvider) -> None:
    finished = _post_assertion(client, _assertion_for(client, "lan@mic.gov.vn"))
    assert finished.status_code == 302, finished.content.decode()[:2000]
    user = User.objects.get(email="lan@mic.gov.vn")
    # The organisation the assertion names (by its acronym), not the provider's own.
    assert (user.full_name, str(user.country), user.organisation) == (
        "Nguyễn Thị Lan",
        "VN",
        Organisation.objects.get(slug="vnnic"),
    )
    assert not user.has_usable_password()
    account = SocialAccount.objects.get(provider="mic-vn")
    assert (account.user, account.uid) == (user, "c0a8f1e2-lan")
    assert account.extra_data[AUTHN_CONTEXTS] == [PASSWORD_ONLY]
    assert client.get("/en/accounts/profile/").status_code == 200


@pytest.mark.own_database
def test_an_existing_account_is_linked_by_its_address_and_keeps_its_name(
    client: Client, ministry: SAMLProvider
) -> None:
    lan = UserFactory.create(email="lan@mic.gov.vn", full_name="Lan N.", country="")
    finished = _post_assertion(client, _assertion_for(client, "lan@mic.gov.vn"))
    assert finished.status_code == 302, finished.content.decode()[:2000]
    lan.refresh_from_db()
    assert (lan.full_name, str(lan.country)) == ("Lan N.", "VN")
    assert SocialAccount.objects.get(provider="mic-vn").user == lan
    assert User.objects.count() == 1


@pytest.mark.own_database
def test_an_address_outside_the_ministrys_domains_is_refused(client: Client, ministry: SAMLProvider) -> None:
    UserFactory.create(email="head@un.org")
    finished = _post_assertion(client, _assertion_for(client, "head@un.org"))
    assert "Sign Up Closed" in finished.content.decode()
    assert SocialAccount.objects.count() == 0


@pytest.mark.own_database
@pytest.mark.parametrize("alteration", ALTERATIONS)
def test_an_altered_assertion_is_refused_and_makes_no_account(
    client: Client, ministry: SAMLProvider, alteration: str
) -> None:
    form = _assertion_for(client, "mallory@mic.gov.vn")
    finished = _post_assertion(client, {**form, "SAMLResponse": altered(form["SAMLResponse"], alteration)})
    page = finished.content.decode()
    assert finished.status_code == 401
    assert f"The answer from {MINISTRY} could not be verified" in page
    assert (User.objects.count(), SocialAccount.objects.count()) == (0, 0)
    assert client.get("/en/accounts/profile/").status_code == 302


@pytest.mark.own_database
def test_the_same_assertion_twice_signs_in_once(client: Client, ministry: SAMLProvider) -> None:
    form = _assertion_for(client, "lan@mic.gov.vn")
    assert _post_assertion(client, form).status_code == 302
    client.post("/en/accounts/logout/")
    # Replayed (say, from the browser's history): it answers no request of Pavilion's any more.
    replayed = _post_assertion(client, form)
    assert replayed.status_code == 401
    assert f"The answer from {MINISTRY} could not be verified" in replayed.content.decode()
    assert client.get("/en/accounts/profile/").status_code == 302


# --- The provider's second factor ------------------------------------------------------------------


def _organiser(email: str) -> User:
    organiser = UserFactory.create(email=email)
    add_totp(organiser)  # Pavilion would ask for it after a password
    EventFactory.create().organising_team.add(organiser)
    return organiser


@pytest.mark.own_database
@pytest.mark.parametrize(
    "authn_context",
    [
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MultiFactor",
        "http://schemas.microsoft.com/claims/multipleauthn",
        "https://refeds.org/profile/mfa",
    ],
)
def test_the_providers_second_factor_counts_for_an_organiser(
    client: Client, ministry: SAMLProvider, settings: Any, authn_context: str
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    _organiser("lan@mic.gov.vn")
    finished = _post_assertion(client, _assertion_for(client, "lan@mic.gov.vn", authn_context=authn_context))
    assert finished["Location"] == "/en/accounts/profile/"
    assert client.get("/en/manage/").status_code == 200


@pytest.mark.own_database
def test_a_password_at_the_provider_leaves_pavilions_second_factor_to_ask(
    client: Client, ministry: SAMLProvider, settings: Any
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    _organiser("lan@mic.gov.vn")
    finished = _post_assertion(client, _assertion_for(client, "lan@mic.gov.vn", authn_context=PASSWORD_ONLY))
    assert finished["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/en/manage/")["Location"].startswith("/en/accounts/login/")


@pytest.mark.own_database
def test_a_provider_not_trusted_for_it_leaves_pavilions_second_factor_to_ask(
    client: Client, ministry: SAMLProvider, settings: Any
) -> None:
    settings.PAVILION_MFA_ENFORCED = True
    IdentityProvider.objects.update(trusts_provider_mfa=False)
    _organiser("lan@mic.gov.vn")
    multi_factor = "urn:oasis:names:tc:SAML:2.0:ac:classes:MultiFactor"
    finished = _post_assertion(client, _assertion_for(client, "lan@mic.gov.vn", authn_context=multi_factor))
    assert finished["Location"] == "/en/accounts/2fa/authenticate/"


# --- What Pavilion shows ----------------------------------------------------------------------------


@pytest.fixture
def registered(certificate: str) -> IdentityProvider:
    return save_saml_provider(
        connection=_connection(provider_address(8443), certificate),
        organisation=None,
        email_domains="mic.gov.vn",
    )


def test_the_sign_in_page_shows_the_ministrys_button(client: Client, registered: IdentityProvider) -> None:
    page = client.get("/en/accounts/login/").content.decode()
    assert 'href="/en/accounts/saml/mic-vn/login/?process=login"' in page
    assert MINISTRY in page


def test_the_sign_in_via_page_may_send_its_form_to_the_provider(client: Client, registered: IdentityProvider) -> None:
    page = client.get("/en/accounts/saml/mic-vn/login/?process=login")
    assert page.status_code == 200
    assert directives(page["Content-Security-Policy"])["form-action"] == ["'self'", "http://127.0.0.1:8443"]


@pytest.mark.parametrize("language", ["en", "fr", "zh-hans"])
def test_the_metadata_names_addresses_that_do_not_depend_on_the_language(
    client: Client, registered: IdentityProvider, language: str
) -> None:
    client.cookies["django_language"] = language
    answer = client.get("/accounts/saml/mic-vn/metadata/", HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/xml"
    metadata = answer.content.decode()
    assert 'entityID="http://localhost/accounts/saml/mic-vn/metadata/"' in metadata
    assert 'Location="http://localhost/accounts/saml/mic-vn/acs/"' in metadata
    assert 'AuthnRequestsSigned="false" WantAssertionsSigned="true"' in metadata


def test_an_unknown_provider_has_no_metadata(client: Client, registered: IdentityProvider) -> None:
    assert client.get("/accounts/saml/another/metadata/", follow=True).status_code == 404
