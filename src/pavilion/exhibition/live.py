"""The live topic ``booth:<id>``: open to whoever may see the booth (published and its event visible,
or its staff, or the event's organisers). Booth chat and presence build on it; for now its snapshot
holds the booth itself, and services publish ``{"booth": {...}}`` when the booth changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models.signals import m2m_changed, post_save

from pavilion.accounts.models import User
from pavilion.exhibition.access import can_see_booth
from pavilion.exhibition.models import Booth
from pavilion.exhibition.services import booth_live_state
from pavilion.live.registry import registry
from pavilion.live.revocation import recheck_access


def may_follow_booth(user: User | None, key: int) -> bool:
    booth = Booth.objects.select_related("event").filter(pk=key).first()
    return booth is not None and can_see_booth(booth=booth, user=user)


registry.topic_kind("booth", authorize=may_follow_booth, presence=True)


def _booth_changed(sender: Any, instance: Booth, created: bool = False, **kwargs: Any) -> None:
    """Unpublished, or staff removed: a follower the booth no longer admits is told (live/revocation.py)."""
    if not created:
        recheck_access(topics=[f"booth:{instance.pk}"])


def _staff_changed(sender: Any, instance: Booth, action: str, **kwargs: Any) -> None:
    if action in ("post_remove", "post_clear"):
        _booth_changed(sender, instance)


post_save.connect(_booth_changed, sender=Booth, dispatch_uid="pavilion.exhibition.live.booth_changed")
m2m_changed.connect(_staff_changed, sender=Booth.staff.through, dispatch_uid="pavilion.exhibition.live.staff")


@registry.snapshot_part("booth", "booth")
def booth_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, object]]:
    return [booth_live_state(Booth.objects.get(pk=key))] * len(viewers)
