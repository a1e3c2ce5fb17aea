"""Request middleware of the accounts app: the two-factor rule, and each signed-in device's last use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from pavilion.accounts.devices import due_for_last_use
from pavilion.accounts.identity import account_of
from pavilion.accounts.mfa import has_second_factor, lacks_required_mfa

# Pages a person who must add a second factor may still open: adding one, and signing out.
_SETTING_UP = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "account_email_verification_sent",
        "account_confirm_email",
        "set_language",
    }
)
# ... and a person who has one but did not use it in this session: using it, and signing out.
_CONFIRMING = frozenset({"mfa_reauthenticate", "mfa_reauthenticate_webauthn", "account_logout", "set_language"})


class RequiredMFAMiddleware:
    """Platform admins, organisers, focal points and secretariats (accounts/mfa.py) use a second factor.

    A session of such an account that did not use one reaches only the pages that add or use one:
    pages and the back office redirect there, the API answers 403. The live gateway refuses the
    session's sockets itself (live/auth.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        user = account_of(getattr(request, "user", None))
        if user is None or not lacks_required_mfa(user, request.session):
            return None
        if request.path_info.startswith("/api/"):
            message = _("Your role requires two-factor authentication. Sign in on the website with your second factor.")
            return JsonResponse({"detail": message}, status=403)
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if not has_second_factor(user):
            if url_name in _SETTING_UP:
                return None
            messages.warning(
                request,
                _(
                    "Platform admins, organisers, focal points and secretariats must use two-factor "
                    "authentication. Add an authenticator app or a security key to continue."
                ),
            )
            return redirect("mfa_index")
        if url_name in _CONFIRMING:
            return None
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")


class SignedInDeviceMiddleware:
    """Keep each signed-in session's browser, address and last use (allauth.usersessions), at most once
    a minute per session, for the "Signed-in devices" page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.session.session_key
        if session_key and account_of(request.user) is not None and due_for_last_use(session_key):
            UserSession.objects.create_from_request(request)
        return self.get_response(request)
