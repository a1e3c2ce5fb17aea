"""The channels a session is heard on: the floor, then its room's interpretation channels as the
session changes them (``SessionChannel``: hide one, add one, or replace one's address).

One function, so the session page, the player and the API list the same channels in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from pavilion.events.models import Session

#: The floor's "language": the speakers' own voices, on the room's stream.
FLOOR = "floor"


@dataclass(frozen=True)
class Channel:
    language: str  # FLOOR or a UI language code
    kind: str  # audio, video or sign (events.models.ChannelKind); the floor is "video"
    url: str
    from_session: bool = False  # added or changed by the session, not the room's as it is

    @property
    def key(self) -> str:
        """What a listener's choice and an on-air status name: "floor", or "fr:audio", "en:sign" …"""
        return FLOOR if self.language == FLOOR else f"{self.language}:{self.kind}"


def session_channels(session: Session) -> list[Channel]:
    """The floor (the room's stream, if any) first, then the interpretation channels by language and type.

    Expects ``room__interpretation_channels`` and ``channel_overrides`` prefetched for lists
    (``prefetch_related(*CHANNEL_PREFETCH)``) to stay at a fixed number of queries.
    """
    room = session.room
    channels: dict[tuple[str, str], Channel] = {}
    if room is not None:
        for channel in room.interpretation_channels.all():
            channels[channel.language, channel.kind] = Channel(channel.language, channel.kind, channel.stream_url)
    for override in session.channel_overrides.all():
        if override.hidden:
            channels.pop((override.language, override.kind), None)
        else:
            channels[override.language, override.kind] = Channel(
                override.language, override.kind, override.stream_url, from_session=True
            )
    floor = [Channel(FLOOR, "video", room.stream_url)] if room is not None and room.stream_url else []
    return floor + [channels[pair] for pair in sorted(channels)]


#: What ``session_channels`` reads, for ``prefetch_related``.
CHANNEL_PREFETCH = ("room__interpretation_channels", "channel_overrides")


@dataclass(frozen=True)
class Recorded:
    """A channel's recording (``ChannelRecording``) with its language and kind spelled out."""

    channel: str  # "floor" or a channel's key
    language: str  # FLOOR or a UI language code
    kind: str
    url: str


def channel_recordings(session: Session) -> list[Recorded]:
    """The session's channel recordings: the floor first, then by channel key (the session page's record,
    the transcript pages and the API list them so)."""
    listed = []
    for recording in session.channel_recordings.all():
        language, _sep, kind = recording.channel.partition(":")
        listed.append(Recorded(recording.channel, language, kind or "video", recording.url))
    return sorted(listed, key=lambda item: (item.language != FLOOR, item.channel))
