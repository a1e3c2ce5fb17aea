"""What programmes hold about a person (accounts/privacy.py): documents uploaded, secretariat roles."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import personal_data_part, rows
from pavilion.programmes.models import Document, DocumentFile


@personal_data_part("programmes")
def programmes_data(user: User) -> dict[str, Any]:
    return {
        "secretariat_of": sorted(user.secretariat_of.values_list("slug", flat=True)),
        "documents_created": rows(Document.objects.filter(created_by=user), "programme__slug", "number", "created_at"),
        "document_files_uploaded": rows(
            DocumentFile.objects.filter(uploaded_by=user), "document__number", "language", "uploaded_at"
        ),
    }
