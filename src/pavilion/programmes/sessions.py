"""A session's documents, as the session page's panel and its live snapshot show them."""

from __future__ import annotations

from pavilion.events.access import AnyUser
from pavilion.events.models import Session
from pavilion.programmes.models import Document
from pavilion.programmes.register import meeting_documents


def session_documents(*, session: Session, user: AnyUser) -> list[Document]:
    """The session's documents this person may see, oldest first."""
    documents = meeting_documents(event=session.event, user=user).filter(session=session)
    return list(
        documents.select_related("programme", "organisation").prefetch_related("files").order_by("created_at", "pk")
    )
