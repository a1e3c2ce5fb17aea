"""``POST /api/v1/live/token``: a single-use ticket for opening /live without the session cookie."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from pavilion.accounts.models import User
from pavilion.live.auth import TICKET_MAX_AGE, issue_ticket

router = Router(tags=["live"])


class TokenOut(Schema):
    token: str
    expires_in: int


@router.post("live/token", response=TokenOut, auth=django_auth, summary="A ticket for the live WebSocket")
def live_token(request: HttpRequest) -> TokenOut:
    """An opaque ticket, valid once within 30 seconds: ``/live?token=…``. The socket it opens ends
    with this sign-in (logout, password change)."""
    user = request.user
    if not isinstance(user, User):  # django_auth admits signed-in accounts only
        raise PermissionDenied
    return TokenOut(token=issue_ticket(user, request.session.session_key), expires_in=TICKET_MAX_AGE)
