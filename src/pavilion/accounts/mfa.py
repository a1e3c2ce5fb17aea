"""Who must use two-factor authentication, and whether a session did.

allauth's ``mfa`` app offers the second factors (an authenticator app, security keys and passkeys,
recovery codes) and asks for one at sign-in when an account has one; it does not require anyone to
have one. Pavilion does: platform admins always, and the organisers, focal points and secretariats
of events and programmes that require it (their own setting, on by default). Each app says which of
its roles count, in its ``two_factor.py`` (``@mfa_required_for``), so this module never learns
their names. ``RequiredMFAMiddleware`` (pages, back office, API) and the live gateway's sign-in
check (``live/auth.py``) ask the same two questions: does the account need it, did the session do it.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value

from pavilion.accounts.models import User
from pavilion.core.fixed_queries import FixedQuery

# Set in a session whose second factor allauth did not record itself: a browser the person chose
# to trust, an authenticator added in this session, or an identity provider that did it (SSO "amr").
SATISFIED_SESSION_KEY = "pavilion_mfa_satisfied"

#: Second factors that make an account "have two-factor authentication" (recovery codes alone do not).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

_roles: dict[str, Callable[[], Q]] = {}


def mfa_required_for(role: str) -> Callable[[Callable[[], Q]], Callable[[], Q]]:
    """Register a role whose holders must use two-factor authentication.

    The function returns a condition on accounts (``User``), usually an ``Exists`` subquery on the
    role's table with ``OuterRef("pk")``, so one query answers for any number of accounts.
    """

    def register(condition: Callable[[], Q]) -> Callable[[], Q]:
        _roles[role] = condition
        return condition

    return register


@mfa_required_for("platform admin")
def _platform_admins() -> Q:
    # Staff reach the back office; superusers may do anything there.
    return Q(is_superuser=True) | Q(is_staff=True)


def enforced() -> bool:
    """Whether the rule is on (``PAVILION_MFA_ENFORCED``; off only for test servers and experiments)."""
    return bool(getattr(settings, "PAVILION_MFA_ENFORCED", True))


def _any_role() -> Q:
    return functools.reduce(operator.or_, (condition() for condition in _roles.values()))


def accounts_needing_mfa(user_ids: Sequence[int]) -> set[int]:
    """Of these accounts, those whose roles require two-factor authentication (one query)."""
    if not user_ids or not enforced():
        return set()
    return set(User.objects.filter(pk__in=set(user_ids)).filter(_any_role()).values_list("pk", flat=True))


#: The attribute ``with_mfa_requirement`` adds to each account.
REQUIREMENT_ATTRIBUTE = "mfa_required_by_role"


def with_mfa_requirement(accounts: QuerySet[User]) -> QuerySet[User]:
    """The accounts, each with whether its roles require a second factor (``REQUIREMENT_ATTRIBUTE``):
    for a query that loads accounts anyway (the live gateway's sign-in check), at no extra query."""
    if not enforced():
        return accounts.annotate(**{REQUIREMENT_ATTRIBUTE: Value(False, output_field=BooleanField())})
    return accounts.annotate(**{REQUIREMENT_ATTRIBUTE: ExpressionWrapper(_any_role(), output_field=BooleanField())})


#: needs_mfa's question, compiled once (asked by every signed-in request; core/fixed_queries.py).
_needing_mfa = FixedQuery(lambda account_id: User.objects.filter(pk=account_id).filter(_any_role()).values_list("pk"))


def needs_mfa(user: User) -> bool:
    """Whether this account's roles require two-factor authentication."""
    if not enforced():
        return False
    return _needing_mfa.exists(user.pk, key=tuple(_roles))


def has_second_factor(user: User) -> bool:
    """Whether the account has an authenticator app, security key or passkey."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def session_did_mfa(session: Mapping[str, Any], user_id: int) -> bool:
    """Whether the session's sign-in (or a later step) used a second factor of this account."""
    if session.get(SATISFIED_SESSION_KEY) == str(user_id):
        return True
    if session.get(_AUTHENTICATION_METHODS_USER_SESSION_KEY) != str(user_id):
        return False
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    return isinstance(records, list) and any(
        isinstance(record, dict) and record.get("method") == "mfa" for record in records
    )


def mark_session_satisfied(session: Any, user: User) -> None:
    """Count this session as having used a second factor (see SATISFIED_SESSION_KEY)."""
    session[SATISFIED_SESSION_KEY] = str(user.pk)


def lacks_required_mfa(user: User, session: Mapping[str, Any]) -> bool:
    """The account must use two-factor authentication and this session did not."""
    return not session_did_mfa(session, user.pk) and needs_mfa(user)


def without_accounts_lacking_mfa(
    users: Sequence[User | None], sessions: Sequence[Mapping[str, Any]]
) -> list[User | None]:
    """Each session's account, or None where the account needs a second factor the session lacks.

    For the live gateway, which identifies sockets in batches: no query for accounts loaded through
    ``with_mfa_requirement``, one for all the others.
    """
    unchecked = [
        user
        for user, session in zip(users, sessions, strict=True)
        if user is not None and not session_did_mfa(session, user.pk)
    ]
    # Accounts loaded through with_mfa_requirement already know; the others take one query together.
    known = {user.pk for user in unchecked if getattr(user, REQUIREMENT_ATTRIBUTE, False)}
    asked = [user.pk for user in unchecked if not hasattr(user, REQUIREMENT_ATTRIBUTE)]
    refused = known | accounts_needing_mfa(asked)
    return [None if user is not None and user.pk in refused else user for user in users]
