"""What the session chat holds about a person: the messages they wrote (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows

SESSION = ("session__event__slug", "session__slug")


@personal_data_part("sessions.chat_messages")
def chat_messages(user: User) -> list[dict[str, Any]]:
    return rows(user.chat_messages.all(), *SESSION, "text", "created_at", "deleted_at")
