"""Who is on the other end of a WebSocket: a short-lived signed token, or the session cookie.

Sockets open in crowds, so ``identify_many`` answers for a batch of them: with the database
session engine, one query for the sessions and one for the accounts, whatever their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from pavilion.accounts.identity import account_of
from pavilion.accounts.mfa import without_accounts_lacking_mfa
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
    # An account that must use a second factor counts only in a session that used one (accounts/mfa.py).
    return without_accounts_lacking_mfa([account_of(get_user(request))], [request.session])[0]


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a socket brought: a token in its address, else its session cookie (either may be absent)."""

    token: str | None = None
    session_key: str | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a socket is: ``user`` None for an anonymous visitor; ``refused`` for a bad or expired token."""

    user: User | None
    refused: bool = False


def identify_many(credentials: Sequence[Credentials]) -> list[Identity]:
    """Who each socket is, in order: tokens one by one (rare), session cookies in two queries."""
    identities: list[Identity | None] = [None] * len(credentials)
    cookies: dict[int, str] = {}
    for index, item in enumerate(credentials):
        if item.token is not None:
            user = user_from_token(item.token)
            identities[index] = Identity(user=user, refused=user is None)
        elif item.session_key:
            cookies[index] = item.session_key
        else:
            identities[index] = Identity(user=None)
    if cookies:
        users = _users_from_session_keys(list(cookies.values()))
        for index, user in zip(cookies, users, strict=True):
            identities[index] = Identity(user=user)
    return [identity or Identity(user=None) for identity in identities]


def _users_from_session_keys(keys: list[str]) -> list[User | None]:
    """The account signed in with each session key: Django's own check (get_user), batched."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = DatabaseSessionStore.get_model_class()
    if not issubclass(store, DatabaseSessionStore) or store.get_model_class() is not model:
        return [user_from_cookies({settings.SESSION_COOKIE_NAME: key}) for key in keys]
    rows = model.objects.filter(session_key__in=set(keys), expire_date__gt=timezone.now())
    decoder = store()
    sessions = {row.session_key: decoder.decode(row.session_data) for row in rows}
    wanted: dict[str, tuple[int, str]] = {}
    for key, data in sessions.items():
        try:
            user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            continue
        if data.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS and data.get(HASH_SESSION_KEY):
            wanted[key] = (user_id, str(data[HASH_SESSION_KEY]))
    ids = {user_id for user_id, _hash in wanted.values()}
    accounts = {user.pk: user for user in User.objects.filter(pk__in=ids, is_active=True)}
    found = []
    for key in keys:
        user_id, session_hash = wanted.get(key, (0, ""))
        user = accounts.get(user_id)
        if user is not None and not _hash_verified(user, session_hash):
            user = None
        found.append(user)
    # An account that must use a second factor counts only in a session that used one (accounts/mfa.py).
    return without_accounts_lacking_mfa(found, [sessions.get(key, {}) for key in keys])


def _hash_verified(user: User, session_hash: str) -> bool:
    """The session was made with the account's current password (or a fallback secret's hash of it)."""
    if constant_time_compare(session_hash, user.get_session_auth_hash()):
        return True
    return any(constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash())
