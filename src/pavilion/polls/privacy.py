"""What polls holds about a person: their votes (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows


@personal_data_part("sessions.poll_votes")
def poll_votes(user: User) -> list[dict[str, Any]]:
    return rows(user.poll_votes.all(), "poll__session__slug", "poll__question", "created_at")
