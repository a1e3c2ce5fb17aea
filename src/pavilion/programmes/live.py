"""Programmes on the live gateway: the session topic's "documents" and "outcomes" parts.

A new document linked to a session is published on ``session:<id>`` after its transaction commits
(services.upload_document): the whole record when everyone on the topic may see it, else only
``{"documents": {"changed": true}}``, on which the panel reads its list again over HTTP.
Amendments, recommendations, decisions and state changes of an outcome text are published on its
drafting session's topic the same way (outcomes._announce).
"""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.events.models import Session
from pavilion.live.registry import registry
from pavilion.programmes.access import viewer_for
from pavilion.programmes.outcome_models import OutcomeText
from pavilion.programmes.outcomes import may_see_outcome, outcome_data
from pavilion.programmes.sessions import session_documents_snapshot


@registry.snapshot_part("session", "documents")
def documents_snapshot(user: User | None, key: int) -> list[dict[str, Any]]:
    session = Session.objects.select_related("event").get(pk=key)
    return session_documents_snapshot(session=session, user=user)


@registry.snapshot_part("session", "outcomes")
def outcomes_snapshot(user: User | None, key: int) -> list[dict[str, Any]]:
    """The outcome texts drafted in this session that this person may see."""
    result = []
    for outcome in OutcomeText.objects.filter(drafting_session_id=key).select_related("programme").order_by("pk"):
        viewer = viewer_for(programme=outcome.programme, user=user)
        if may_see_outcome(outcome=outcome, viewer=viewer):
            result.append(outcome_data(outcome))
    return result
