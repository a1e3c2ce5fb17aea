"""Who is asking: the signed-in account behind a request's user (or a service's ``by``), or nobody;
and the name others see for an account."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

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


def author_name(user: User) -> str:
    """The person's name as live panels show it, the same for every reader whatever their language.

    One live event frame goes to every subscriber, so it cannot carry an honorific translated for
    each reader ("Mr" on a Chinese page, before the name where Chinese puts it after): live panels
    show the full name without one. Pages rendered for one reader use ``User.display_name``.
    """
    return user.full_name or user.email


def signed_in_account(request: HttpRequest) -> User:
    """The account of a request to a page behind ``login_required`` (or a check that did the same)."""
    user = request.user
    assert isinstance(user, User)  # only signed-in accounts reach these pages
    return user
