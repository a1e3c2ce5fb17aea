"""``{% interpretation_panel session viewer stage as interpretation %}``: what the session page's channel
switcher and interpreters' desk show."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.conf import settings

from pavilion.events.access import Viewer
from pavilion.events.channels import FLOOR, Channel, channel_recordings
from pavilion.events.models import Session
from pavilion.events.roles import chairs_session
from pavilion.events.schedule import Language, Stage, language
from pavilion.interpretation import services, team
from pavilion.interpretation.models import Interpreter, OnAir, TeamMessage

register = template.Library()


@dataclass(frozen=True)
class DeskChannel:
    channel: Channel
    language: Language
    on_air: bool


@dataclass(frozen=True)
class Recording:
    key: str  # "floor" or a channel's key
    language: Language | None  # None for the floor
    kind: str
    url: str


@dataclass(frozen=True)
class InterpretationPanel:
    channels: list[tuple[Channel, Language]]  # the stage's, but the floor
    on_air: set[str]  # keys
    saved: str  # the signed-in listener's kept choice, "" when none
    floor_language: str  # the session's first language: the captions shown with the floor
    desk: list[DeskChannel] = field(default_factory=list)  # the channels this viewer may put on air
    roster: list[Interpreter] = field(default_factory=list)  # the session's interpreters, for the booth team
    on_team: bool = False  # the viewer may read and write the interpreters' chat (team.py)
    team_lines: list[TeamMessage] = field(default_factory=list)
    recordings: list[Recording] = field(default_factory=list)  # once the session has ended


def recordings_of(session: Session) -> list[Recording]:
    """The session's channel recordings, the floor first, then by channel (``events.channels``)."""
    return [
        Recording(
            key=item.channel,
            language=None if item.language == FLOOR else language(item.language),
            kind=item.kind,
            url=item.url,
        )
        for item in channel_recordings(session)
    ]


@register.simple_tag
def interpretation_panel(session: Session, viewer: Viewer, stage: Stage) -> InterpretationPanel | None:
    """What the panel shows: the switcher while the stage is open (hidden while the session offers no
    channel, so that one added live can appear), the recordings once it has ended; None otherwise."""
    if stage.has_ended:
        recorded = recordings_of(session)
        if not recorded:
            return None
        return InterpretationPanel(channels=[], on_air=set(), saved="", floor_language="", recordings=recorded)
    if not stage.interpretation and not stage.stream_url:
        return None
    live = set(OnAir.objects.filter(session=session).values_list("channel", flat=True))
    keys = [channel.key for channel, _language in stage.interpretation]
    mine: list[str] = []
    on_team = False  # team.on_team for someone the page already knows may see the session, in fewer queries
    if viewer.user is not None:
        if viewer.is_organiser:
            mine, on_team = keys, True
        else:
            assigned = list(
                Interpreter.objects.filter(session=session, user=viewer.user).values_list("language", "kind")
            )
            wanted = {f"{language}:{kind}" for language, kind in assigned}
            mine = [key for key in keys if key in wanted]
            on_team = bool(assigned) or chairs_session(session=session, user=viewer.user)
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
        roster=list(services.session_interpreters(session=session)) if on_team else [],
        on_team=on_team,
        team_lines=team.recent_lines(session=session) if on_team else [],
    )


@register.simple_tag
def language_names() -> dict[str, str]:
    """Each UI language's name in itself, for the switcher a channel added live joins (json_script)."""
    return {code: language(code).native_name for code, _name in settings.LANGUAGES}
