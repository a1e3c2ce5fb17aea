"""The floor's turns for statements (programmes/floor_turns.py): the requests that were given the floor."""

from __future__ import annotations

from pavilion.accounts.identity import author_name
from pavilion.events.models import Session
from pavilion.floor.models import FloorRequest
from pavilion.programmes.floor_turns import FloorTurn, floor_turn_source


@floor_turn_source("floor")
def given_turns(sessions: list[Session]) -> list[FloorTurn]:
    """The sessions' turns that were given (a request with a time the floor was given), oldest first."""
    requests = (
        FloorRequest.objects.filter(session__in=sessions, started_at__isnull=False)
        .select_related("user", "organisation")
        .order_by("started_at", "pk")
    )
    return [
        FloorTurn(
            id=request.pk,
            session_id=request.session_id,
            speaker=author_name(request.user),
            delegation=request.delegation_name,
            started_at=request.started_at,
        )
        for request in requests
        if request.started_at is not None  # always (the filter); this tells the type checker
    ]
