"""What interpretation holds about a person: their interpreting turns, their lines in interpreters' chats and
their listening choice (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.interpretation.models import ListeningChoice, TeamMessage


@personal_data_part("sessions.interpreting")
def interpreting(user: User) -> list[dict[str, Any]]:
    return rows(
        user.interpreting.all(), "session__event__slug", "session__slug", "language", "kind", "starts_at", "ends_at"
    )


@personal_data_part("sessions.listening_choice")
def listening_choice(user: User) -> list[dict[str, Any]]:
    return rows(ListeningChoice.objects.filter(user=user), "channel", "updated_at")


@personal_data_part("sessions.interpreters_chat")
def interpreters_chat(user: User) -> list[dict[str, Any]]:
    return rows(TeamMessage.objects.filter(author=user), "session__event__slug", "session__slug", "text", "created_at")
