"""What Q&A holds about a person: the questions they asked and their votes (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows

SESSION = ("session__event__slug", "session__slug")


@personal_data_part("sessions.questions")
def questions(user: User) -> list[dict[str, Any]]:
    return rows(user.questions.all(), *SESSION, "text", "status", "created_at")


@personal_data_part("sessions.question_votes")
def question_votes(user: User) -> list[dict[str, Any]]:
    return rows(user.question_votes.all(), "question_id", "created_at")
