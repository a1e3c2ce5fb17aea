"""Organisers of an event that requires it must use two-factor authentication (accounts/mfa.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from pavilion.accounts.mfa import mfa_required_for
from pavilion.events.models import Event


@mfa_required_for("organiser")
def organisers() -> Q:
    teams = Event.organising_team.through.objects.filter(user=OuterRef("pk"), event__mfa_required=True)
    return Q(Exists(teams))
