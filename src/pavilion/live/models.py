"""Tickets for opening /live without the session cookie (docs/live-protocol.md, "Who is connecting")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Ticket(models.Model):
    """An opaque, single-use ticket: only its digest is stored, and connecting consumes it.

    It remembers the session it was issued from, so the socket it opens ends with that session
    (logout, password change, "sign out everywhere else"), exactly like a socket that sent the cookie.
    """

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, blank=True)
    #: The account's session hash when issued: without a session, a password change revokes the ticket.
    auth_hash = models.CharField(max_length=128)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"live ticket of account {self.user_id}"
