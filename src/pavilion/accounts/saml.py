"""Single sign-on through an organisation's SAML 2.0 identity provider (allauth's ``saml`` provider,
python3-saml underneath).

An operator registers the ministry's provider once, in the back office ("SAML identity providers"):
its entity ID, its sign-in (SSO) address, its signing certificate, which attributes of its assertions
hold the e-mail address, the full name, the country and the organisation, and the e-mail domains it
speaks for. ``save_saml_provider`` checks all of it and writes allauth's ``SocialApp`` and Pavilion's
``IdentityProvider`` together, or nothing. Signing in then works like OpenID Connect (accounts/sso.py):
the sign-in page shows the provider's button, an address of its domains signs in to the account that
has it, and an unknown one gets an account made from the assertion's attributes.

Pavilion accepts only assertions signed with the registered certificate (``want_assertion_signed``),
answering its own requests (provider-initiated sign-ins are refused), sent to its own address.

An assertion whose authentication context (``AuthnContextClassRef``) is one of
``MULTI_FACTOR_CONTEXTS`` says the provider used a second factor: like OpenID Connect's ``amr``, the
sign-in is not asked for Pavilion's own, unless the operator does not trust the provider for it.
allauth keeps only an assertion's attributes, so ``AuthnContextSAMLProvider`` (allauth's provider
class for "saml", ``SOCIALACCOUNT_PROVIDERS``) keeps its contexts beside them.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from cryptography import x509
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pavilion.accounts.models import IdentityProvider
from pavilion.directory.models import Organisation

#: The NameID Pavilion asks for: stable for one person at one service, whatever their e-mail address.
PERSISTENT_NAME_ID = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
#: The account's ``extra_data`` key for the assertion's authentication contexts (the rest of
#: ``extra_data`` are its attributes, whose names are URIs or OIDs: none is this one).
AUTHN_CONTEXTS = "authn_context_class_refs"
#: ``AuthnContextClassRef`` values that say the provider used more than one factor: OASIS's classes
#: defined as two-factor (SAML 2.0 authentication context), the ``MultiFactor`` class several
#: providers send, Microsoft's (AD FS, Entra ID) and REFEDS's MFA profile.
MULTI_FACTOR_CONTEXTS = frozenset(
    {
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MultiFactor",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
        "http://schemas.microsoft.com/claims/multipleauthn",
        "https://refeds.org/profile/mfa",
    }
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_PEM_BODY = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.DOTALL)


class AuthnContextSAMLProvider(SAMLProvider):
    """allauth's SAML provider, keeping the assertion's authentication contexts with its attributes."""

    def extract_extra_data(self, data: Any) -> dict[str, Any]:
        # ``data`` is python3-saml's ``OneLogin_Saml2_Auth``, after it checked the signed assertion.
        return {**data.get_attributes(), AUTHN_CONTEXTS: list(data.get_last_authn_contexts())}


def did_multi_factor(extra_data: Any) -> bool:
    """Whether a SAML sign-in's assertion (its account's ``extra_data``) says the provider used more
    than one factor."""
    contexts = extra_data.get(AUTHN_CONTEXTS) if isinstance(extra_data, dict) else None
    return isinstance(contexts, list) and bool(MULTI_FACTOR_CONTEXTS.intersection(map(str, contexts)))


@dataclass(frozen=True)
class SAMLConnection:
    """What the ministry's provider tells the operator about itself (usually in its metadata), and
    which of its attributes say who the person is."""

    slug: str
    name: str
    entity_id: str
    sso_url: str
    certificate: str
    email_attribute: str
    name_attribute: str = ""
    country_attribute: str = ""
    organisation_attribute: str = ""


def certificate_body(text: str) -> str:
    """The certificate as one line of base64 (DER), from PEM with or without its BEGIN/END lines;
    a ``ValidationError`` naming the problem when it is no X.509 certificate or no longer valid."""
    match = _PEM_BODY.search(text)
    body = "".join((match.group(1) if match else text).split())
    try:
        der = base64.b64decode(body, validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(
            _(
                "This is not an X.509 certificate. Paste the provider's signing certificate in PEM form "
                "(the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)."
            )
        ) from error
    if certificate.not_valid_after_utc < datetime.now(UTC):
        raise ValidationError(
            _("This certificate expired on %(date)s: ask the provider for its current signing certificate.")
            % {"date": date_format(certificate.not_valid_after_utc.date())}
        )
    return base64.b64encode(der).decode()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_sso_url(url: str) -> None:
    parts = urlsplit(url)
    if not parts.netloc or parts.scheme not in {"https", "http"}:
        raise ValidationError(_("Enter the full address of the provider's sign-in service, starting with https://."))
    # Plain HTTP only on this machine (local experiments, tests): elsewhere the assertion would travel unprotected.
    if parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        raise ValidationError(_("The sign-in address must start with https://."))


def _settings(connection: SAMLConnection, certificate: str) -> dict[str, Any]:
    """allauth's settings for the provider (``SocialApp.settings``)."""
    return {
        "idp": {"entity_id": connection.entity_id, "sso_url": connection.sso_url, "x509cert": certificate},
        "attribute_mapping": {
            "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id"],
            "email": [connection.email_attribute],
        },
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "reject_idp_initiated_sso": True,
            "name_id_format": PERSISTENT_NAME_ID,
        },
    }


def connection_of(provider: IdentityProvider) -> SAMLConnection:
    """A SAML provider's connection as saved (to show it again in the back office)."""
    app = provider.app
    idp = app.settings.get("idp") or {}
    emails = (app.settings.get("attribute_mapping") or {}).get("email") or [""]
    return SAMLConnection(
        slug=app.client_id,
        name=app.name,
        entity_id=idp.get("entity_id", ""),
        sso_url=idp.get("sso_url", ""),
        certificate=idp.get("x509cert", ""),
        email_attribute=emails[0],
        name_attribute=provider.name_claim,
        country_attribute=provider.country_claim,
        organisation_attribute=provider.organisation_claim,
    )


def validate_saml_provider(
    *, connection: SAMLConnection, email_domains: str, provider: IdentityProvider | None = None
) -> str:
    """Check a SAML provider's settings; returns its certificate as saved. Raises a ``ValidationError``
    with a message per field (the back office shows each beside its field)."""
    errors: dict[str, list[str]] = {}
    required = {
        "slug": connection.slug,
        "name": connection.name,
        "entity_id": connection.entity_id,
        "sso_url": connection.sso_url,
        "certificate": connection.certificate,
        "email_attribute": connection.email_attribute,
        "email_domains": email_domains,
    }
    for field, value in required.items():
        if not value.strip():
            errors.setdefault(field, []).append(_("This field is required."))
    if connection.slug and not _SLUG.match(connection.slug):
        errors.setdefault("slug", []).append(
            _("Use at most 40 lower-case letters, digits and hyphens, starting with a letter or digit.")
        )
    elif connection.slug:
        others = SocialApp.objects.filter(
            Q(provider_id=connection.slug) | Q(provider="saml", client_id=connection.slug)
        ).exclude(pk=provider.app_id if provider is not None else None)
        if others.exists():
            errors.setdefault("slug", []).append(_("Another sign-in provider already uses this short name."))
    if len(connection.name) > 40:
        errors.setdefault("name", []).append(_("At most 40 characters: it is the label of a button."))
    if len(connection.entity_id) > 1024:
        errors.setdefault("entity_id", []).append(_("At most 1024 characters."))
    if connection.sso_url.strip():
        try:
            _check_sso_url(connection.sso_url)
        except ValidationError as error:
            errors.setdefault("sso_url", []).extend(error.messages)
    certificate = ""
    if connection.certificate.strip():
        try:
            certificate = certificate_body(connection.certificate)
        except ValidationError as error:
            errors.setdefault("certificate", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return certificate


@transaction.atomic
def save_saml_provider(
    *,
    connection: SAMLConnection,
    organisation: Organisation | None,
    email_domains: str,
    provider: IdentityProvider | None = None,
) -> IdentityProvider:
    """Register (or change) a ministry's SAML provider: allauth's application and Pavilion's settings
    for it (``provider``, new or saved), both or neither. Addresses of ``email_domains`` are the ones
    it may sign in; it is trusted to have verified them (it is the authority for its own domains)."""
    certificate = validate_saml_provider(connection=connection, email_domains=email_domains, provider=provider)
    provider = provider or IdentityProvider()
    app = provider.app if provider.app_id else SocialApp(provider="saml")
    app.provider_id = connection.slug
    app.client_id = connection.slug
    app.name = connection.name.strip()
    app.settings = _settings(connection, certificate)
    app.save()
    provider.app = app
    provider.organisation = organisation
    provider.email_domains = email_domains
    provider.name_claim = connection.name_attribute
    provider.country_claim = connection.country_attribute
    provider.organisation_claim = connection.organisation_attribute
    provider.save()
    return provider
