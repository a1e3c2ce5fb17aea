"""What the test OpenID provider says about a person: allauth's claims, the country, and ``amr``.

Like a ministry's provider, it asks its own second factor of the accounts that have one, and says
so in the ID token (``"amr": ["pwd", "mfa"]``, RFC 8176).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from allauth.idp.oidc.models import Client
from allauth.mfa.utils import is_mfa_enabled


class ProviderAdapter(DefaultOIDCAdapter):
    def get_claims(
        self,
        purpose: Literal["id_token", "userinfo"],
        user: Any,
        client: Client,
        scopes: Iterable[str],
        email: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        if "profile" in scopes and user.country:
            claims["country"] = str(user.country)
        if purpose == "id_token":
            claims["amr"] = ["pwd", "mfa"] if is_mfa_enabled(user) else ["pwd"]
        return claims
