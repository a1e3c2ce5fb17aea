from __future__ import annotations

from django import template
from django.http import HttpRequest

from pavilion.events.models import Session
from pavilion.programmes.access import is_secretariat, visible_programmes
from pavilion.programmes.commitment_models import Statement
from pavilion.programmes.models import Document, Programme
from pavilion.programmes.sessions import session_documents as documents_of_session

register = template.Library()


@register.simple_tag
def session_documents(session: Session, request: HttpRequest) -> list[Document]:
    """The session's documents this person may see (the session page's documents panel)."""
    return documents_of_session(session=session, user=request.user)


@register.simple_tag
def session_outcomes(session: Session, request: HttpRequest) -> list[dict[str, object]]:
    """The outcome texts drafted in the session that this person may see (the drafting panel)."""
    from pavilion.programmes.outcome_views import session_outcomes as drafted_in

    return drafted_in(session=session, request=request)


@register.simple_tag
def decision_programmes(session: Session, request: HttpRequest) -> list[Programme]:
    """The programmes of the session's meeting whose secretariat this person is: each offers to record
    one of the session's decisions as a commitment."""
    if not request.user.is_authenticated:
        return []
    programmes = Programme.objects.filter(meetings=session.event_id).order_by("slug")
    return [programme for programme in programmes if is_secretariat(programme=programme, user=request.user)]


@register.simple_tag
def session_statements(session: Session, request: HttpRequest) -> list[Statement]:
    """The statements delivered in the session, of programmes this person sees, in the order they were given."""
    statements = Statement.objects.filter(session=session, programme__in=visible_programmes(user=request.user))
    return list(statements.select_related("programme").order_by("delivered_on", "floor_turn_id", "pk"))
