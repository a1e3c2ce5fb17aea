"""Pavilion's allauth adapter: failed sign-ins lock out an address for an account, never the account.

allauth counts failed sign-ins per account (its "key" is the e-mail address): five wrong passwords
from anywhere locked the account for five minutes, even against the right password, so anyone
could keep a head of delegation out before a vote. Here the key is the address *and* the account:
the guesser's address is locked out of that account, the account's owner signs in from their own.
The per-address limit (``10/m/ip``) still bounds guessing across accounts, and the account's owner
gets an e-mail naming the address, with the password-reset link as the way out if it was them.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import consume, get_ip
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

#: Seconds during which an account's owner gets at most one e-mail about one address's lockout.
LOCKOUT_NOTICE_INTERVAL = 300


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many wrong passwords for this account from your network. Try again in five minutes, "
            'or choose "Forgot your password?" to set a new one.'
        ),
    }

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with its second-factor step skipped after an SSO provider's own (accounts/sso.py)."""
        replaced = {"allauth.mfa.stages.AuthenticateStage": "pavilion.accounts.sso.ProviderAwareAuthenticateStage"}
        return [replaced.get(stage, stage) for stage in super().get_login_stages()]

    def send_notification_mail(
        self,
        template_prefix: str,
        user: AbstractBaseUser,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """allauth's notice of a security change (``ACCOUNT_EMAIL_NOTIFICATIONS``: password, e-mail
        addresses, second factors, linked providers), in the account's language rather than the
        page's, with the time labelled in UTC."""
        with translation.override(notification_language(user)):
            when = formats.date_format(timezone.now().astimezone(UTC), "DATETIME_FORMAT")
            super().send_notification_mail(
                template_prefix, user, {"timestamp": f"{when} UTC", **(context or {})}, email
            )

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The address and the account together (allauth uses the account alone)."""
        return f"{ratelimit_address(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            if self._account_limit_reached(request, **credentials):
                self._notify_owner_of_lockout(request, str(credentials.get("email", "")))
            raise

    def _account_limit_reached(self, request: HttpRequest, **credentials: Any) -> bool:
        """Whether the limit for this address and account is reached (not only the address's own)."""
        rates = [rate for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",") if rate.endswith("/key")]
        usage = consume(
            request,
            app="allauth.account",
            action="login_failed",
            config={"login_failed": ",".join(rates)},
            key=self._get_login_attempts_cache_key(request, **credentials),
            dry_run=True,
        )
        return bool(rates) and usage is None

    def _notify_owner_of_lockout(self, request: HttpRequest, email: str) -> None:
        """Tell the account's owner, once per address and lockout, that an address was locked out."""
        address = ratelimit_address(request)
        user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
        if user is None or not cache.add(f"pavilion:lockout-notice:{user.pk}:{address}", 1, LOCKOUT_NOTICE_INTERVAL):
            return
        with translation.override(language_of(user)):
            reset_url = settings.PAVILION_SITE_URL + reverse("account_reset_password")
            context = {"user": user, "address": address, "reset_url": reset_url}
            self.send_mail("accounts/email/lockout", user.email, context)


def notification_language(user: AbstractBaseUser) -> str:
    """The account's first preferred language Pavilion speaks; failing that, the page's language (the
    person is changing their account in it right now)."""
    spoken = {code for code, _name in settings.LANGUAGES}
    preferred = user.preferred_languages if isinstance(user, User) else None
    if any(code in spoken for code in preferred or []):
        return language_of(user)  # type: ignore[arg-type]  # a User, checked above
    return translation.get_language() or settings.LANGUAGE_CODE


def ratelimit_address(request: HttpRequest) -> str:
    """The client's address as allauth's rate limits see it (an IPv6 address by its /64 network)."""
    return str(get_ip(request))
