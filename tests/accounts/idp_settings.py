"""Settings of the OpenID provider the single sign-on tests sign in through (tests/accounts/test_sso.py):
a second Pavilion, on its own database, with allauth's OpenID Connect provider mode switched on."""

from __future__ import annotations

import os

from pavilion.settings import *  # noqa: F403
from pavilion.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "allauth.idp.oidc"]
ROOT_URLCONF = "tests.accounts.idp_urls"
IDP_OIDC_PRIVATE_KEY = os.environ["PAVILION_TEST_IDP_KEY"]
IDP_OIDC_ADAPTER = "tests.accounts.idp_adapter.ProviderAdapter"
# Pavilion's own policy (form-action 'self') would stop a browser at the redirect back to the
# site signing in; identity providers send none, and this one stands in for them.
MIDDLEWARE = [name for name in MIDDLEWARE if name != "csp.middleware.CSPMiddleware"]
