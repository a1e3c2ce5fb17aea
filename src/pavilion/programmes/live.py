"""Programmes on the live gateway: the session topic's "documents" and "outcomes" parts.

A new document linked to a session is published on ``session:<id>`` after its transaction commits
(services.upload_document): the whole record when everyone on the topic may see it, else only
``{"documents": {"changed": true}}``, on which the panel reads its list again over HTTP.
Amendments, recommendations, decisions and state changes of an outcome text are published on its
drafting session's topic the same way (outcomes._announce).

Both parts answer for a batch of joining viewers: the records are read once, each programme's
viewers are worked out with a few queries (access.viewers_for), and each viewer's list is filtered
in memory by the same rules as the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pavilion.accounts.models import User
from pavilion.live.registry import registry
from pavilion.programmes.access import ProgrammeViewer, viewers_for
from pavilion.programmes.models import Document, DocumentAccess, Programme
from pavilion.programmes.outcome_models import OutcomeText
from pavilion.programmes.outcomes import may_see_outcome, outcome_data
from pavilion.programmes.services import document_record


def _viewers(programmes: set[Programme], users: Sequence[User | None]) -> dict[int, list[ProgrammeViewer]]:
    return {programme.pk: viewers_for(programme=programme, users=users) for programme in programmes}


def _listed(document: Document, viewer: ProgrammeViewer) -> bool:
    # The rules of access.visible_programmes and access.listed_documents, for a record already loaded.
    if not (document.programme.is_published or viewer.is_secretariat):
        return False
    return (
        viewer.is_secretariat
        or document.listed_publicly
        or document.access == DocumentAccess.PUBLIC
        or viewer.may_open(access=document.access, meeting_id=document.meeting_id)
    )


@registry.snapshot_part("session", "documents")
def documents_snapshot(users: Sequence[User | None], key: int) -> list[list[dict[str, Any]]]:
    """The session's documents each viewer may see, oldest first (as the session panel lists them)."""
    documents = list(
        Document.objects.filter(session_id=key)
        .select_related("programme", "organisation")
        .prefetch_related("files")
        .order_by("created_at", "pk")
    )
    viewers = _viewers({document.programme for document in documents}, users)
    records = {document.pk: document_record(document) for document in documents}
    return [
        [records[document.pk] for document in documents if _listed(document, viewers[document.programme_id][index])]
        for index in range(len(users))
    ]


@registry.snapshot_part("session", "outcomes")
def outcomes_snapshot(users: Sequence[User | None], key: int) -> list[list[dict[str, Any]]]:
    """The outcome texts drafted in this session that each viewer may see."""
    drafted = list(OutcomeText.objects.filter(drafting_session_id=key).select_related("programme").order_by("pk"))
    viewers = _viewers({outcome.programme for outcome in drafted}, users)
    data = {outcome.pk: outcome_data(outcome) for outcome in drafted}
    return [
        [
            data[outcome.pk]
            for outcome in drafted
            if (outcome.programme.is_published or viewers[outcome.programme_id][index].is_secretariat)
            and may_see_outcome(outcome=outcome, viewer=viewers[outcome.programme_id][index])
        ]
        for index in range(len(users))
    ]
