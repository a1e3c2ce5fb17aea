"""Signed-in devices: the account's sessions with their browser, address and last use, and signing
them out (issue 18, item 22).

allauth.usersessions keeps a row per signed-in session (``UserSession``); ``SignedInDeviceMiddleware``
keeps its last use. Signing a device out deletes its session, so its next request is anonymous;
``devices_signed_out`` then tells whoever holds something else open for those sessions: the live
gateway closes their sockets (``live.revocation``, once the transaction commits).
"""

from __future__ import annotations

import re

from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pavilion.accounts.models import User

#: Seconds between two updates of a device's "last used" (a write per request would be too many).
DEVICE_SEEN_INTERVAL = 60

#: Sent with ``user_id`` and ``session_keys`` (list of str) when sessions are signed out from another
#: device; receivers defer what they do to the commit (``transaction.on_commit``).
devices_signed_out = Signal()

# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = (
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
)


def device_label(user_agent: str) -> str:
    """A person's name for a browser: "Firefox on Windows", "Safari on iOS", else "Unknown browser"."""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")


def due_for_last_use(session_key: str) -> bool:
    """Whether this session's last use is due to be written (once a minute; the cache decides across
    workers, so one request per session and minute writes)."""
    return bool(cache.add(f"pavilion:device-seen:{session_key}", 1, timeout=DEVICE_SEEN_INTERVAL))


def signed_in_devices(*, user: User) -> list[UserSession]:
    """The account's signed-in sessions, most recently used first (sessions that ended are dropped)."""
    return sorted(UserSession.objects.purge_and_list(user), key=lambda device: device.last_seen_at, reverse=True)


def _sign_out(request: HttpRequest, user: User, devices: list[UserSession]) -> int:
    keys = [device.session_key for device in devices]
    end_sessions(request, devices)
    if keys:
        devices_signed_out.send(sender=User, user_id=user.pk, session_keys=keys)
    return len(keys)


def sign_out_other_devices(*, request: HttpRequest, user: User) -> int:
    """Sign out every session of the account but this request's; return how many."""
    current = request.session.session_key
    others = [device for device in UserSession.objects.filter(user=user) if device.session_key != current]
    return _sign_out(request, user, others)


def sign_out_device(*, request: HttpRequest, user: User, device_id: int) -> int:
    """Sign out one other session of the account (1), or nothing when it is not one (0)."""
    current = request.session.session_key
    devices = list(UserSession.objects.filter(user=user, pk=device_id).exclude(session_key=current))
    return _sign_out(request, user, devices)
