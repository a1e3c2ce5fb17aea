"""What events hold about a person: their personal agenda and calendar-feed address (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.events.models import CalendarToken


@personal_data_part("agenda")
def agenda_data(user: User) -> list[dict[str, Any]]:
    return rows(user.agenda_items.all(), "session__event__slug", "session__slug", "added_at")


@personal_data_part("calendar_feed")
def calendar_feed_data(user: User) -> dict[str, Any] | None:
    """The secret address of the person's agenda feed, if they ever asked for one (resetting it revokes it)."""
    token = CalendarToken.objects.filter(user=user).first()
    if token is None:
        return None
    path = reverse("calendar:agenda_feed", kwargs={"token": token.token})
    return {
        "token": token.token,
        "address": settings.PAVILION_SITE_URL + path,
        "created_at": token.created_at.isoformat(),
    }
