"""What accreditation holds about a person: registrations and focal-point roles (accounts/privacy.py)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows


@personal_data_part("accreditation")
def accreditation_data(user: User) -> dict[str, Any]:
    return {
        "registrations": rows(
            user.registrations.all(),
            "event__slug",
            "category__slug",
            "country",
            "organisation__slug",
            "function",
            "is_head_of_delegation",
            "status",
            "decision_reason",
            "created_at",
            "decided_at",
        ),
        "focal_point_for": rows(user.focal_point_roles.all(), "event__slug", "country", "organisation__slug"),
    }
