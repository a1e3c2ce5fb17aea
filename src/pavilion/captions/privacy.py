"""What captions holds about a person: the caption lines they wrote (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows

SESSION = ("session__event__slug", "session__slug")


@personal_data_part("sessions.caption_lines")
def caption_lines(user: User) -> list[dict[str, Any]]:
    return rows(user.caption_lines.all(), *SESSION, "language", "text", "created_at")
