"""What talking with visitors holds about a person (accounts/privacy.py): their messages to booths,
the contacts they left, and when they were seen at booths (only if they let
exhibitors see their name). Deleting the account deletes them all (the
database cascades), so no booth keeps a lead of someone who left."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.boothtalk.models import BoothPresence


@personal_data_part("booths")
def booth_data(user: User) -> dict[str, Any]:
    booth = ("booth__event__slug", "booth__slug")
    return {
        "messages": rows(user.booth_messages.all(), "conversation__booth__slug", "text", "created_at"),
        "contact_requests": rows(
            user.contact_requests.all(),
            *booth,
            "shared_fields",
            "name",
            "email",
            "organisation",
            "position",
            "country",
            "phone",
            "message",
            "consent_text",
            "consented_at",
            "status",
        ),
        "presence": rows(BoothPresence.objects.filter(user=user), *booth, "arrived_at", "last_seen_at"),
    }
