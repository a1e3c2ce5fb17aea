"""The live topic ``booth:<id>``: open to whoever may see the booth (published and its event visible,
or its staff, or the event's organisers). Booth chat and presence build on it; for now its snapshot
holds the booth itself, and services publish ``{"booth": {...}}`` when the booth changes."""

from __future__ import annotations

from collections.abc import Sequence

from pavilion.accounts.models import User
from pavilion.exhibition.access import can_see_booth
from pavilion.exhibition.models import Booth
from pavilion.exhibition.services import booth_live_state
from pavilion.live.registry import registry


def may_follow_booth(user: User | None, key: int) -> bool:
    booth = Booth.objects.select_related("event").filter(pk=key).first()
    return booth is not None and can_see_booth(booth=booth, user=user)


registry.topic_kind("booth", authorize=may_follow_booth, presence=True)


@registry.snapshot_part("booth", "booth")
def booth_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, object]]:
    return [booth_live_state(Booth.objects.get(pk=key))] * len(viewers)
