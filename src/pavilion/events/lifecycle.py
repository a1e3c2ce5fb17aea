"""When a session takes input: until it ends. After that its chat, questions, polls, floor and
captions are its record, which people read but no longer add to.

Each feature's service functions call ``refuse_after_end`` before a write, with their own words, so
the pages, the API and the live commands refuse alike; the panels ask ``has_ended`` to show the
record instead of their forms.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from pavilion.events.models import Session


def has_ended(session: Session, *, now: datetime | None = None) -> bool:
    """Whether the session's end time has passed."""
    return (now or timezone.now()) >= session.ends_at


def refuse_after_end(*, session: Session, field: str, refusal: str) -> None:
    """ValidationError({field: refusal}) once the session has ended; nothing before."""
    if has_ended(session):
        raise ValidationError({field: refusal})
