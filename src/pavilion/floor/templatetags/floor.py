"""``{% floor_panel session viewer as floor %}``: what the session page's floor panel shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from pavilion.accreditation.models import Function
from pavilion.events.access import Viewer
from pavilion.events.models import Session
from pavilion.events.roles import viewer_moderates
from pavilion.floor import services
from pavilion.floor.forms import SpeakingTimeForm, minutes_and_seconds

register = template.Library()


@dataclass(frozen=True)
class PanelEntry:
    id: int
    user_id: int
    name: str
    delegation: str  # in the page's language
    function: str
    function_label: str
    is_mine: bool


@dataclass(frozen=True)
class PanelTimer:
    limit: str  # "4:00"
    left: str  # "3:12", or the time over the limit once it has run out
    is_over: bool
    is_running: bool


@dataclass(frozen=True)
class FloorPanel:
    queue: list[PanelEntry]  # in the order the chair calls them
    speaker: PanelEntry | None
    timer: PanelTimer
    mine: dict[str, Any] | None  # {"id", "status", "position"}
    user_id: int | None
    is_chair: bool
    can_request: bool
    time_form: SpeakingTimeForm | None  # chairs only
    functions: list[tuple[str, str]]  # every function's label, for the live script

    @property
    def is_speaking(self) -> bool:
        return self.mine is not None and self.mine["status"] == "speaking"


def _entry(data: dict[str, Any], *, language: str, user_id: int | None) -> PanelEntry:
    names = data["delegation"]
    return PanelEntry(
        id=data["id"],
        user_id=data["user_id"],
        name=data["name"],
        delegation=names.get(language) or names.get("en", ""),
        function=data["function"],
        function_label=str(Function(data["function"]).label),
        is_mine=data["user_id"] == user_id,
    )


def _timer(timer: dict[str, Any], *, now_ms: int) -> PanelTimer:
    counted_ms = timer["elapsed_ms"] + (now_ms - timer["started_at_ms"] if timer["running"] else 0)
    left_ms = timer["limit"] * 1000 - counted_ms
    # Whole seconds, rounded up while counting down, as the live timer shows them.
    left = -(-left_ms // 1000) if left_ms > 0 else -left_ms // 1000
    return PanelTimer(
        limit=minutes_and_seconds(timer["limit"]),
        left=minutes_and_seconds(left),
        is_over=left_ms <= 0,
        is_running=timer["running"],
    )


@register.simple_tag
def floor_panel(session: Session, viewer: Viewer) -> FloorPanel:
    """The list of speakers, the speaker and the timer, and the viewer's part, in a fixed number of queries."""
    user = viewer.user
    user_id = user.pk if user is not None else None
    chair = viewer_moderates(session=session, viewer=viewer)
    public = services.state(session=session)
    language = get_language() or "en"
    speaker = public["speaker"]
    now_ms = services.epoch_ms(timezone.now())
    return FloorPanel(
        queue=[_entry(data, language=language, user_id=user_id) for data in public["queue"]],
        speaker=_entry(speaker, language=language, user_id=user_id) if speaker is not None else None,
        timer=_timer(public["timer"], now_ms=now_ms),
        mine=services.mine(public, user_id=user_id),
        user_id=user_id,
        is_chair=chair,
        can_request=user is not None and viewer.is_registered,
        time_form=SpeakingTimeForm.for_time(public["timer"]["limit"]) if chair else None,
        functions=[(code, str(label)) for code, label in Function.choices],
    )
