"""What events hold about a person: their personal agenda (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows


@personal_data_part("agenda")
def agenda_data(user: User) -> list[dict[str, Any]]:
    return rows(user.agenda_items.all(), "session__event__slug", "session__slug", "added_at")
