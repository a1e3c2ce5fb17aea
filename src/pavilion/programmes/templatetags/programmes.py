from __future__ import annotations

from django import template
from django.http import HttpRequest

from pavilion.events.models import Session
from pavilion.programmes.models import Document
from pavilion.programmes.sessions import session_documents as documents_of_session

register = template.Library()


@register.simple_tag
def session_documents(session: Session, request: HttpRequest) -> list[Document]:
    """The session's documents this person may see (the session page's documents panel)."""
    return documents_of_session(session=session, user=request.user)
