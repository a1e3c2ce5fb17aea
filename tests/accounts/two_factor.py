"""Second factors for tests, through allauth's own TOTP helpers (no extra library)."""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from pavilion.accounts.models import User
from tests.factories import TEST_PASSWORD


def totp_code(secret: str, *, periods_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``periods_ahead`` periods later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


def add_totp(user: User) -> str:
    """Give the account an authenticator app and recovery codes; return the app's secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user: User) -> list[str]:
    """The account's unused recovery codes."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return list(RecoveryCodes(authenticator).get_unused_codes())


def sign_in_with_code(client: Client, user: User, code: str, *, next_url: str = "", trust: bool = False) -> str:
    """Sign in through the real forms: password, the second factor, "trust this browser?" (no, unless
    ``trust``); return where it leads."""
    form = {"login": user.email, "password": TEST_PASSWORD}
    if next_url:
        form["next"] = next_url
    password_step = client.post("/en/accounts/login/", form)
    assert password_step["Location"] == "/en/accounts/2fa/authenticate/"
    code_step = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert code_step["Location"] == "/en/accounts/2fa/trust/"
    trust_step = client.post("/en/accounts/2fa/trust/", {"action": "trust" if trust else "skip"})
    return str(trust_step["Location"])
