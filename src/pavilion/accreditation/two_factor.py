"""Focal points at an event that requires it must use two-factor authentication (accounts/mfa.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from pavilion.accounts.mfa import mfa_required_for
from pavilion.accreditation.models import FocalPoint


@mfa_required_for("focal point")
def focal_points() -> Q:
    return Q(Exists(FocalPoint.objects.filter(user=OuterRef("pk"), event__mfa_required=True)))
