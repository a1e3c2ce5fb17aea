"""What programmes hold about a person (accounts/privacy.py): documents uploaded, secretariat roles."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.programmes.models import Amendment, Commitment, Document, DocumentFile, ProgressReport


@personal_data_part("programmes")
def programmes_data(user: User) -> dict[str, Any]:
    return {
        "secretariat_of": sorted(user.secretariat_of.values_list("slug", flat=True)),
        "documents_created": rows(Document.objects.filter(created_by=user), "programme__slug", "number", "created_at"),
        "document_files_uploaded": rows(
            DocumentFile.objects.filter(uploaded_by=user), "document__number", "language", "uploaded_at"
        ),
        "amendments_proposed": rows(
            Amendment.objects.filter(proposed_by=user),
            "paragraph__outcome__slug",
            "action",
            "text",
            "reason",
            "decision",
            "created_at",
        ),
        "commitments_as_contact": rows(
            Commitment.objects.filter(contact=user), "programme__slug", "title", "due_date", "progress"
        ),
        "progress_reported": rows(
            ProgressReport.objects.filter(reported_by=user), "commitment_id", "reported_on", "progress", "note"
        ),
    }
