"""Registrations decide who may follow registered-only and accredited-only sessions: when one is
decided, changed or withdrawn, that person's live subscriptions are authorised again
(live/revocation.py), so a rejected visitor stops receiving a closed session's chat at once. So
when a category changes whether it needs approval or is for accredited delegates: that decides
whether its registrations count (accreditation/services.py ``standing``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from pavilion.accreditation.models import ParticipantCategory, Registration
from pavilion.live.revocation import recheck_access


def _registration_changed(sender: Any, instance: Registration, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a new registration opens nothing before it is decided
        recheck_access(users=[instance.user_id])


def _category_changed(sender: Any, instance: ParticipantCategory, created: bool = False, **kwargs: Any) -> None:
    if not created:
        recheck_access(users=Registration.objects.filter(category=instance).values_list("user_id", flat=True))


post_save.connect(_registration_changed, sender=Registration, dispatch_uid="pavilion.accreditation.live.saved")
post_save.connect(_category_changed, sender=ParticipantCategory, dispatch_uid="pavilion.accreditation.live.category")
post_delete.connect(_registration_changed, sender=Registration, dispatch_uid="pavilion.accreditation.live.deleted")
