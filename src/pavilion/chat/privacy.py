"""What live sessions hold about a person: chat messages, questions, votes, floor requests, captions.

One module for the session features, since each contributes a few lines (accounts/privacy.py).
"""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows


@personal_data_part("sessions")
def session_data(user: User) -> dict[str, Any]:
    session = ("session__event__slug", "session__slug")
    return {
        "chat_messages": rows(user.chat_messages.all(), *session, "text", "created_at", "deleted_at"),
        "questions": rows(user.questions.all(), *session, "text", "status", "created_at"),
        "question_votes": rows(user.question_votes.all(), "question_id", "created_at"),
        "poll_votes": rows(user.poll_votes.all(), "poll__session__slug", "poll__question", "created_at"),
        "floor_requests": rows(
            user.floor_requests.all(), *session, "function", "status", "requested_at", "started_at", "ended_at"
        ),
        "caption_lines": rows(user.caption_lines.all(), *session, "language", "text", "created_at"),
    }
