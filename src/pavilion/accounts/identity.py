"""Who is asking: the signed-in account behind a request's user (or a service's ``by``), or nobody."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from pavilion.accounts.models import User


def account_of(user: object) -> User | None:
    """The signed-in account, or None for anonymous visitors (AnonymousUser or None)."""
    return user if isinstance(user, User) and user.is_authenticated else None


def require_account(user: object, message: str) -> User:
    """The signed-in account, or PermissionDenied(message) for anonymous visitors."""
    account = account_of(user)
    if account is None:
        raise PermissionDenied(message)
    return account
