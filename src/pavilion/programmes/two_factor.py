"""The secretariat of a programme that requires it must use two-factor authentication (accounts/mfa.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from pavilion.accounts.mfa import mfa_required_for
from pavilion.programmes.models import Programme


@mfa_required_for("secretariat")
def secretariats() -> Q:
    members = Programme.secretariat.through.objects.filter(user=OuterRef("pk"), programme__mfa_required=True)
    return Q(Exists(members))
