"""Single sign-on through organisations' OpenID Connect and SAML 2.0 providers (allauth.socialaccount).

An operator adds a provider as an allauth ``SocialApp`` (provider "openid_connect", or "saml" through
accounts/saml.py) and Pavilion's ``IdentityProvider`` beside it (organisation, e-mail domains, which
claims or attributes hold the name, the country and the organisation, whether its two-factor
authentication counts). Then:

- an address the provider has verified (``email_verified``; for SAML, any address of the provider's
  own e-mail domains) signs in to the Pavilion account that has it, linked on first use; an unknown
  one gets a new account, its profile filled from the claims;
- only addresses in the provider's e-mail domains, when it lists some (a ministry's provider cannot
  sign anyone in as someone@un.org);
- a sign-in whose ID token says the provider used a second factor (``"mfa"`` in ``amr``, RFC 8176),
  or whose SAML assertion says so (its ``AuthnContextClassRef``, ``saml.MULTI_FACTOR_CONTEXTS``), is not
  asked for Pavilion's own, and counts for the roles that require one (accounts/mfa.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.openid_connect.views import login as openid_connect_login
from allauth.socialaccount.providers.saml.utils import get_app_or_404
from allauth.socialaccount.providers.saml.views import finish_acs as saml_finish_acs
from allauth.socialaccount.providers.saml.views import login as saml_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_countries import countries

from pavilion.accounts import saml
from pavilion.accounts.models import IdentityProvider, User
from pavilion.directory.models import Organisation

#: ``amr`` values (RFC 8176) that say the provider used more than one factor.
MFA_METHODS = frozenset({"mfa"})


def identity_provider(sociallogin: SocialLogin) -> IdentityProvider | None:
    """Pavilion's settings for the provider of this sign-in, if the operator gave any."""
    app = getattr(sociallogin.provider, "app", None)
    if app is None or app.pk is None:
        return None
    return IdentityProvider.objects.filter(app=app).select_related("organisation").first()


def claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """The provider's claims about the person: the ID token's, completed by the userinfo answer; for
    SAML, the assertion's attributes (the first value of each)."""
    data = sociallogin.account.extra_data or {}
    if getattr(sociallogin.provider, "id", "") == "saml":
        return {
            name: values[0]
            for name, values in data.items()
            if isinstance(values, list) and values and name != saml.AUTHN_CONTEXTS
        }
    merged: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        if isinstance(data.get(part), Mapping):
            merged.update(data[part])
    return merged


def provider_did_mfa(sociallogin: SocialLogin) -> bool:
    """The provider says it used a second factor, and the operator trusts it to say so."""
    provider = identity_provider(sociallogin)
    if provider is None or not provider.trusts_provider_mfa:
        return False
    if getattr(sociallogin.provider, "id", "") == "saml":
        return saml.did_multi_factor(sociallogin.account.extra_data)
    id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
    methods = id_token.get("amr") if isinstance(id_token, Mapping) else None
    return isinstance(methods, list) and bool(MFA_METHODS.intersection(str(method) for method in methods))


def _profile_from_claims(sociallogin: SocialLogin, provider: IdentityProvider | None) -> dict[str, Any]:
    """Full name, country and organisation as the provider's claims and settings give them."""
    found = claims(sociallogin)
    profile: dict[str, Any] = {}
    name = found.get(provider.name_claim if provider else "name")
    if isinstance(name, str) and name.strip():
        profile["full_name"] = name.strip()[:150]
    country = found.get(provider.country_claim) if provider and provider.country_claim else None
    if isinstance(country, str) and country.strip().upper() in dict(countries):
        profile["country"] = country.strip().upper()
    elif provider and provider.organisation and provider.organisation.country:
        profile["country"] = str(provider.organisation.country)
    named = found.get(provider.organisation_claim) if provider and provider.organisation_claim else None
    organisation = _organisation_named(named) if isinstance(named, str) else None
    if organisation is not None:
        profile["organisation"] = organisation
    elif provider and provider.organisation:
        profile["organisation"] = provider.organisation
    return profile


def _organisation_named(value: str) -> Organisation | None:
    """The directory's organisation a claim names, by its short name for links or its acronym."""
    value = value.strip()
    if not value:
        return None
    return (
        Organisation.objects.filter(slug__iexact=value).first()
        or Organisation.objects.filter(acronym__iexact=value).order_by("slug").first()
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        user = super().populate_user(request, sociallogin, data)
        provider = identity_provider(sociallogin)
        if provider is not None and provider.app.provider == "saml" and provider.email_domains.strip():
            # A SAML assertion carries no "verified" flag: the ministry's provider is the authority for
            # the domains the operator listed for it (accounts/saml.py), and for those only.
            for address in sociallogin.email_addresses:
                address.verified = provider.allows_email(address.email)
        for field, value in _profile_from_claims(sociallogin, identity_provider(sociallogin)).items():
            setattr(user, field, value)
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """An existing account gets what its profile lacks from the claims; what the person wrote stays."""
        super().pre_social_login(request, sociallogin)
        user = sociallogin.user
        if not isinstance(user, User) or user.pk is None:
            return
        profile = _profile_from_claims(sociallogin, identity_provider(sociallogin))
        missing = {field: value for field, value in profile.items() if not getattr(user, field)}
        if missing:
            for field, value in missing.items():
                setattr(user, field, value)
            user.save(update_fields=list(missing))

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        provider = identity_provider(sociallogin)
        emails = [address.email for address in sociallogin.email_addresses]
        if provider is not None and not all(provider.allows_email(email) for email in emails):
            return False
        return bool(super().is_open_for_signup(request, sociallogin))

    def can_authenticate_by_email(self, login: SocialLogin, email: str) -> bool:
        provider = identity_provider(login)
        if provider is not None and not provider.allows_email(email):
            return False
        return bool(super().can_authenticate_by_email(login, email))


class ProviderAwareAuthenticateStage(AuthenticateStage):
    """allauth's "enter your code" step, skipped when the sign-in's provider did a second factor."""

    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if isinstance(sociallogin, SocialLogin) and provider_did_mfa(sociallogin):
            return False
        return bool(super()._should_handle(request))


def provider_origins(provider_id: str, *, protocol: str = "openid_connect") -> list[str]:
    """Where a provider's sign-in page lives (scheme and host): its issuer's, and its authorisation
    endpoint's when the operator overrides it; a SAML provider's sign-in (SSO) address."""
    if protocol == "saml":
        app = SocialApp.objects.filter(provider="saml", client_id=provider_id).first()
        urls = [((app.settings.get("idp") or {}).get("sso_url", ""))] if app else []
    else:
        app = SocialApp.objects.filter(provider="openid_connect", provider_id=provider_id).first()
        if app is None:
            return []
        overrides = app.settings.get("openid_configuration_overrides") or {}
        urls = [app.settings.get("server_url", ""), overrides.get("authorization_endpoint", "")]
    origins = {f"{part.scheme}://{part.netloc}" for part in map(urlsplit, urls) if part.scheme and part.netloc}
    return sorted(origins)


def sign_in_through(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's "Sign in via <provider>" page. Its form continues to the provider's own sign-in page
    (a redirect after the form is sent), which the Content-Security-Policy's ``form-action 'self'``
    would block in the browser: this page's policy names the provider's origin too."""
    response: HttpResponse = openid_connect_login(request, provider_id)
    return _with_form_action(response, provider_origins(provider_id))


def sign_in_through_saml(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's "Sign in via <provider>" page for a SAML provider, its form allowed on to the
    provider's sign-in address (as ``sign_in_through`` for OpenID Connect)."""
    response: HttpResponse = saml_login(request, organization_slug=organization_slug)
    return _with_form_action(response, provider_origins(organization_slug, protocol="saml"))


def finish_sign_in_through_saml(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's end of a SAML sign-in. An assertion that answers no sign-in Pavilion is waiting for
    (replayed, or one already used) gets the same page as a refused signature, not a bare 403."""
    try:
        response: HttpResponse = saml_finish_acs(request, organization_slug=organization_slug)
    except PermissionDenied:
        provider = get_app_or_404(request, organization_slug).get_provider(request)
        return render_authentication_error(request, provider, extra_context={"saml_errors": ["unexpected_response"]})
    return response


def _with_form_action(response: HttpResponse, origins: list[str]) -> HttpResponse:
    if origins:
        # django-csp's per-response addition (what its csp_update decorator sets).
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response
