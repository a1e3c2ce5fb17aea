"""The ``user:<id>`` topic: personal notifications, open only to that person.

Registered by the live app itself (LiveConfig.ready): every feature may tell one person something
(Q&A, polls, booth conversations), and the accounts app below the live layer knows nothing of it.
"""

from __future__ import annotations

from pavilion.accounts.models import User
from pavilion.live.registry import registry


def may_follow_user(user: User | None, key: int) -> bool:
    return user is not None and user.pk == key


registry.topic_kind("user", authorize=may_follow_user)
