"""What the accounts app does when allauth signs someone in or adds a second factor."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.internal.flows import trust
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.http import HttpRequest

from pavilion.accounts.devices import due_for_last_use
from pavilion.accounts.identity import account_of
from pavilion.accounts.mfa import SECOND_FACTORS, has_second_factor, mark_session_satisfied
from pavilion.accounts.sso import provider_did_mfa


def _trusted_browser_counts(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A browser the person chose to trust skips allauth's second-factor step: the session still counts
    as having used the second factor (the trust was granted right after one, and lapses when the
    account's password or authenticators change)."""
    account = account_of(user)
    if account is not None and has_second_factor(account) and trust.is_trusted_browser(request, account):
        mark_session_satisfied(request.session, account)


def _provider_mfa_counts(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A single sign-on whose provider used a second factor (and is trusted to say so) counts as one."""
    account = account_of(user)
    sociallogin = kwargs.get("sociallogin")
    if account is not None and sociallogin is not None and provider_did_mfa(sociallogin):
        mark_session_satisfied(request.session, account)


def _device_seen_at_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Signing in writes the device's row (allauth.usersessions): its last use is up to date for a
    minute, so the first pages after signing in write nothing."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        due_for_last_use(session.session_key)


def _new_second_factor_counts(sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """Adding an authenticator app or a security key proves it works (allauth asks for a code or a
    touch): the session that added it need not be asked again."""
    account = account_of(user)
    if account is not None and authenticator.type in SECOND_FACTORS and request is not None:
        mark_session_satisfied(request.session, account)


def connect() -> None:
    user_logged_in.connect(_trusted_browser_counts, dispatch_uid="pavilion.accounts.trusted_browser")
    user_logged_in.connect(_provider_mfa_counts, dispatch_uid="pavilion.accounts.provider_mfa")
    # Django's own signal: every way of signing in (allauth's forms, single sign-on, the test client).
    django_user_logged_in.connect(_device_seen_at_sign_in, dispatch_uid="pavilion.accounts.device_seen")
    authenticator_added.connect(_new_second_factor_counts, dispatch_uid="pavilion.accounts.new_second_factor")
