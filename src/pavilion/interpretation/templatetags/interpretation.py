"""``{% interpretation_panel session viewer stage as interpretation %}``: what the session page's channel
switcher and interpreters' desk show."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from pavilion.events.access import Viewer
from pavilion.events.channels import Channel
from pavilion.events.models import Session
from pavilion.events.schedule import Language, Stage
from pavilion.interpretation import services
from pavilion.interpretation.models import Interpreter, OnAir

register = template.Library()


@dataclass(frozen=True)
class DeskChannel:
    channel: Channel
    language: Language
    on_air: bool


@dataclass(frozen=True)
class InterpretationPanel:
    channels: list[tuple[Channel, Language]]  # the stage's, but the floor
    on_air: set[str]  # keys
    saved: str  # the signed-in listener's kept choice, "" when none
    floor_language: str  # the session's first language: the captions shown with the floor
    desk: list[DeskChannel] = field(default_factory=list)  # the channels this viewer may put on air
    roster: list[Interpreter] = field(default_factory=list)  # the session's interpreters, for the desk


@register.simple_tag
def interpretation_panel(session: Session, viewer: Viewer, stage: Stage) -> InterpretationPanel | None:
    """None when the stage has no interpretation (closed, or none offered); a few queries otherwise."""
    if not stage.interpretation:
        return None
    live = set(OnAir.objects.filter(session=session).values_list("channel", flat=True))
    keys = [channel.key for channel, _language in stage.interpretation]
    mine: list[str] = []
    if viewer.user is not None:
        if viewer.is_organiser:
            mine = keys
        else:
            assigned = Interpreter.objects.filter(session=session, user=viewer.user).values_list("language", "kind")
            wanted = {f"{language}:{kind}" for language, kind in assigned}
            mine = [key for key in keys if key in wanted]
    desk = [
        DeskChannel(channel=channel, language=language, on_air=channel.key in live)
        for channel, language in stage.interpretation
        if channel.key in mine
    ]
    return InterpretationPanel(
        channels=stage.interpretation,
        on_air={key for key in keys if key in live},
        saved=services.remembered_choice(user=viewer.user),
        floor_language=session.languages[0] if session.languages else "",
        desk=desk,
        roster=list(services.session_interpreters(session=session)) if desk else [],
    )
