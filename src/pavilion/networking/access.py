"""Who may take part in an event's networking: its approved participants and its organisers.

Everyone else (signed out, registered but not approved, a stranger) sees no directory, no
recommendation and no meeting: pages answer by sending them to sign in or with 403, the API with 401/403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.events.access import AnyUser, viewer_for
from pavilion.events.models import Event


def may_network(*, event: Event, user: AnyUser) -> bool:
    """Approved participants and organisers of the event (signed-out visitors never)."""
    viewer = viewer_for(event=event, user=user)
    return viewer.user is not None and (viewer.is_registered or viewer.is_organiser)


def require_participant(*, event: Event, user: AnyUser) -> User:
    """The account of an approved participant (or organiser) of the event, else PermissionDenied."""
    account = account_of(user)
    if account is None or not may_network(event=event, user=account):
        raise PermissionDenied(gettext("Networking is open to the event's approved participants only."))
    return account
