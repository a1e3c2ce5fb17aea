"""What the floor holds about a person: their requests to speak (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows

SESSION = ("session__event__slug", "session__slug")


@personal_data_part("sessions.floor_requests")
def floor_requests(user: User) -> list[dict[str, Any]]:
    return rows(user.floor_requests.all(), *SESSION, "function", "status", "requested_at", "started_at", "ended_at")
