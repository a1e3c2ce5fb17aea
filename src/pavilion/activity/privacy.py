"""What the exhibition's activity log holds about a signed-in person (accounts/privacy.py): the booths
they visited, the products they looked at, the videos they played and the documents they downloaded.

Deleting the account keeps the rows for the exhibitors' counts without the account (the column is
set to null by the database); signed-out visits carry only a daily pseudonym and name nobody.
"""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.activity.models import ActivityEvent


@personal_data_part("exhibition_activity")
def activity_data(user: User) -> list[dict[str, Any]]:
    return rows(
        ActivityEvent.objects.filter(user=user),
        "kind",
        "event__slug",
        "booth__slug",
        "product__slug",
        "video__url",
        "document__file",
        "at",
    )
