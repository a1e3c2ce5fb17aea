"""Who is on the other end of a WebSocket, and whether they still are.

A socket brings the session cookie, or an opaque single-use ticket from ``POST /api/v1/live/token``
in its address (for clients that cannot send the cookie). Either way the socket keeps a
``Standing``: the session it came with (a ticket remembers the session it was issued from). The
gateway checks the standing again on every subscribe and command, so a socket ends with its
session: logout, a password change, a deactivated or deleted account (live/revocation.py closes
such sockets at once, too).

Sockets open in crowds, so ``identify_many`` answers for a batch of them: with the database
session engine, one query for the sessions and one for the accounts, whatever their number.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from pavilion.accounts.identity import account_of
from pavilion.accounts.mfa import with_mfa_requirement, without_accounts_lacking_mfa
from pavilion.accounts.models import User
from pavilion.live.models import Ticket

TICKET_MAX_AGE = 30  # seconds: long enough to open a socket; the ticket is gone once used


def _digest(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8", "surrogatepass")).hexdigest()


def issue_ticket(user: User, session_key: str | None = None) -> str:
    """A ticket for ``/live?token=…``: random, stored only as its digest, valid once for 30 seconds."""
    now = timezone.now()
    Ticket.objects.filter(expires__lt=now).delete()  # the expired ones of everybody: a cheap indexed sweep
    ticket = secrets.token_urlsafe(32)
    Ticket.objects.create(
        digest=_digest(ticket),
        user=user,
        session_key=session_key or "",
        auth_hash=user.get_session_auth_hash(),
        expires=now + timedelta(seconds=TICKET_MAX_AGE),
    )
    return ticket


def consume_ticket(ticket: str) -> Ticket | None:
    """The ticket's row, deleted so nobody can use it again; None when unknown, used or expired."""
    row = Ticket.objects.filter(digest=_digest(ticket)).first()
    if row is None:
        return None
    deleted, _rows = Ticket.objects.filter(pk=row.pk).delete()
    if not deleted:
        return None  # another socket used it at the same moment
    return row if row.expires > timezone.now() else None


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
    """What a socket brought: a ticket in its address, else its session cookie (either may be absent)."""

    token: str | None = None
    session_key: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """What keeps a socket signed in: its session, or (a ticket issued without one) the account's
    session hash at the time; ``user_id`` is the account it must still sign in (None: whoever it does)."""

    session_key: str = ""
    auth_hash: str = ""
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a socket is: ``user`` None for an anonymous visitor; ``refused`` for a bad or used ticket."""

    user: User | None
    refused: bool = False
    standing: Standing | None = None


def identify_many(credentials: Sequence[Credentials]) -> list[Identity]:
    """Who each socket is, in order: tickets one by one (rare), session cookies in two queries."""
    identities: list[Identity | None] = [None] * len(credentials)
    standings: dict[int, Standing] = {}
    for index, item in enumerate(credentials):
        if item.token is not None:
            ticket = consume_ticket(item.token)
            if ticket is None:
                identities[index] = Identity(user=None, refused=True)
            else:
                standings[index] = Standing(ticket.session_key, ticket.auth_hash, ticket.user_id)
        elif item.session_key:
            standings[index] = Standing(session_key=item.session_key)
    users = signed_in(list(standings.values()))
    for (index, standing), user in zip(standings.items(), users, strict=True):
        if user is None:
            # A ticket whose session ended meanwhile is refused; a stale cookie is just anonymous.
            identities[index] = Identity(user=None, refused=credentials[index].token is not None)
        else:
            kept = Standing(standing.session_key, standing.auth_hash, user.pk)
            identities[index] = Identity(user=user, standing=kept)
    return [identity or Identity(user=None) for identity in identities]


def signed_in(standings: Sequence[Standing]) -> list[User | None]:
    """The account each standing still signs in, or None (session gone, password changed, account inactive)."""
    with_session = [standing.session_key for standing in standings if standing.session_key]
    by_session = dict(zip(with_session, _users_from_session_keys(with_session), strict=True))
    ids = {standing.user_id for standing in standings if not standing.session_key and standing.user_id}
    by_id = {user.pk: user for user in User.objects.filter(pk__in=ids, is_active=True)} if ids else {}
    found: list[User | None] = []
    for standing in standings:
        if standing.session_key:
            user = by_session.get(standing.session_key)
        else:
            user = by_id.get(standing.user_id or 0)
            if user is not None and not _hash_verified(user, standing.auth_hash):
                user = None
        if user is not None and standing.user_id is not None and user.pk != standing.user_id:
            user = None  # the session now signs in somebody else
        found.append(user)
    return found


def _users_from_session_keys(keys: list[str]) -> list[User | None]:
    """The account signed in with each session key: Django's own check (get_user), batched."""
    if not keys:
        return []
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
    active = with_mfa_requirement(User.objects.filter(pk__in=ids, is_active=True))
    accounts = {user.pk: user for user in active}
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
