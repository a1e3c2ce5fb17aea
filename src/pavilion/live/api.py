"""``POST /api/v1/live/token``: a short-lived token for opening /live without the session cookie."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from pavilion.accounts.models import User
from pavilion.live.auth import TOKEN_MAX_AGE, issue_token

router = Router(tags=["live"])


class TokenOut(Schema):
    token: str
    expires_in: int


@router.post("live/token", response=TokenOut, auth=django_auth, summary="A token for the live WebSocket")
def live_token(request: HttpRequest) -> TokenOut:
    """Valid for a minute; put it in the address: ``/live?token=…``."""
    user = request.user
    if not isinstance(user, User):  # django_auth admits signed-in accounts only
        raise PermissionDenied
    return TokenOut(token=issue_token(user), expires_in=TOKEN_MAX_AGE)
