"""Programmes on the live gateway: the session topic's "documents" part.

A new document linked to a session is published on ``session:<id>`` after its transaction commits
(services.upload_document): the whole record when everyone on the topic may see it, else only
``{"documents": {"changed": true}}``, on which the panel reads its list again over HTTP.
"""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.events.models import Session
from pavilion.live.registry import registry
from pavilion.programmes.sessions import session_documents_snapshot


@registry.snapshot_part("session", "documents")
def documents_snapshot(user: User | None, key: int) -> list[dict[str, Any]]:
    session = Session.objects.select_related("event").get(pk=key)
    return session_documents_snapshot(session=session, user=user)
