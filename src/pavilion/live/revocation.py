"""Live access that follows the account: open sockets end when a sign-in ends or access changes.

The gateway checks a socket's sign-in and the person's access again on every subscribe and every
command (gateway.py). Events, though, flow to subscribers without a check each (that is what
keeps a large session fast), so whatever ends access announces it here, and every gateway
process acts on its own sockets at once (through the broker, like presence):

- ``end_sessions(user_id, session_keys)``: that account's sockets of those sessions (all its
  sockets when None) are closed with 4403. Logout, account deletion, "sign out everywhere else".
- ``recheck_accounts(user_ids)``: those accounts' sockets are checked again and the ones whose
  sign-in no longer holds are closed with 4403. A password change (other sessions end, the
  current one goes on), a deactivated account.
- ``recheck_access(topics=…, users=…)``: the subscriptions to ``topics`` (or, with ``users``, those
  people's subscriptions) are authorised again; the ones no longer allowed get a ``revoked`` frame
  and no more events. A session or event made closed, a registration rejected or withdrawn, a
  booth unpublished, a role removed: each app announces its own changes from its live.py.

Announcements go out when the transaction commits; a broker that cannot take one is logged, and
the checks at every subscribe and command still hold.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from pavilion.accounts.devices import devices_signed_out
from pavilion.accounts.models import User
from pavilion.live.broker import get_broker

#: The key of a control message among what gateway processes share (live/broker.py ``announce``).
CONTROL = "control"
logger = logging.getLogger(__name__)


def _announce(control: dict[str, Any]) -> None:
    def send() -> None:
        try:
            get_broker().announce({CONTROL: control})
        except Exception:
            logger.exception("Announcing a change of live access failed: %s", control)

    transaction.on_commit(send)


def end_sessions(user_id: int, session_keys: Iterable[str] | None = None) -> None:
    """Close the account's live sockets of ``session_keys``, or all of them."""
    keys = sorted(set(session_keys)) if session_keys is not None else None
    _announce({"end": user_id, "sessions": keys})


def recheck_accounts(user_ids: Iterable[int]) -> None:
    """Check again whether these accounts' sockets are still signed in; close the others."""
    _announce({"accounts": sorted(set(user_ids))})


def recheck_access(*, topics: Iterable[str] | None = None, users: Iterable[int] | None = None) -> None:
    """Authorise again the subscriptions to ``topics`` and/or of ``users``; revoke the ones now refused."""
    _announce(
        {
            "topics": sorted(set(topics)) if topics is not None else None,
            "users": sorted(set(users)) if users is not None else None,
        }
    )


def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None and request.session.session_key:
        end_sessions(user.pk, [request.session.session_key])


def _account_saved(
    sender: Any, instance: User, created: bool = False, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    # A password or is_active change ends other sign-ins; a last_login update (every sign-in) does not,
    # and a new account has no socket yet.
    if not created and (update_fields is None or {"password", "is_active"} & set(update_fields)):
        recheck_accounts([instance.pk])


def _account_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    end_sessions(instance.pk)


def _devices_signed_out(sender: Any, user_id: int, session_keys: list[str], **kwargs: Any) -> None:
    # "Signed-in devices" (accounts/devices.py): one device, or every one but the current.
    end_sessions(user_id, session_keys)


user_logged_out.connect(_logged_out, dispatch_uid="pavilion.live.revocation.logged_out")
post_save.connect(_account_saved, sender=User, dispatch_uid="pavilion.live.revocation.account_saved")
post_delete.connect(_account_deleted, sender=User, dispatch_uid="pavilion.live.revocation.account_deleted")
devices_signed_out.connect(_devices_signed_out, dispatch_uid="pavilion.live.revocation.devices_signed_out")
