"""What leads hold about a person (accounts/privacy.py): which booths count them as a lead, with
the status and the notes their staff wrote. Deleting the account deletes the leads (cascade)."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.leads.models import LeadNote


@personal_data_part("leads")
def leads_data(user: User) -> list[dict[str, Any]]:
    leads = rows(user.leads.all(), "id", "booth__event__slug", "booth__slug", "status", "created_at")
    notes = rows(LeadNote.objects.filter(lead__visitor=user), "lead_id", "text", "created_at")
    for lead in leads:
        lead["notes"] = [
            {"text": n["text"], "created_at": n["created_at"]} for n in notes if n["lead_id"] == lead["id"]
        ]
        del lead["id"]
    return leads
