"""Who is on the other end of a WebSocket: a short-lived signed token, or the session cookie."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.core import signing
from django.http import HttpRequest

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User

TOKEN_SALT = "pavilion.live.token"  # noqa: S105  (a salt namespaces signatures; it is not a secret)
TOKEN_MAX_AGE = 60  # seconds: long enough to open a socket, too short to be worth stealing


def issue_token(user: User) -> str:
    """A token the browser puts in the /live address (for clients that cannot send the cookie)."""
    return signing.dumps({"user": user.pk, "hash": user.get_session_auth_hash()}, salt=TOKEN_SALT)


def user_from_token(token: str) -> User | None:
    """The active account a token was issued to, or None when it is invalid, expired or revoked."""
    try:
        claims = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=claims.get("user"), is_active=True).first()
    # A password change revokes outstanding tokens, as it does sessions.
    if user is None or user.get_session_auth_hash() != claims.get("hash"):
        return None
    return user


def user_from_cookies(cookies: dict[str, str]) -> User | None:
    """The account signed in with this session cookie (Django's own session check), or None."""
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return account_of(get_user(request))
