"""What networking holds about a person (accounts/privacy.py): directory entries, meetings, "not interested"."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.networking.models import Meeting, NetworkingProfile, NotInterested


@personal_data_part("networking")
def networking_data(user: User) -> dict[str, Any]:
    profiles = NetworkingProfile.objects.filter(user=user)
    return {
        "directory_entries": [
            {
                **row,
                "themes": list(NetworkingProfile.objects.get(pk=row["id"]).themes.values_list("slug", flat=True)),
            }
            for row in rows(
                profiles, "id", "event__slug", "is_listed", "consented_at", "shown_fields", "seeks", "offers"
            )
        ],
        "meetings": rows(
            Meeting.objects.filter(Q(requester=user) | Q(invitee=user)),
            "event__slug",
            "slot__starts_at",
            "starts_at",
            "requester__email",
            "invitee__email",
            "booth__slug",
            "reason",
            "status",
            "created_at",
        ),
        "not_interested_in": rows(NotInterested.objects.filter(user=user), "event__slug", "other__email", "created_at"),
    }
