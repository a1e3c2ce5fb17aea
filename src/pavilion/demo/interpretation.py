"""The demo's interpretation: channels in the live forum's rooms, a session's own channel, interpreters
with their turns (the handover times the booth team sees), a line in the interpreters' chat and the
recordings of the live forum's ended opening.

The rooms of ITU Virtual Digital World 2020 get their channels with the programme (services.py,
content.ROOMS); the live forum's rooms get theirs here. Loading again changes nothing; the live
forum's turns move with its sessions to the day the demo is loaded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pavilion.accounts.models import User
from pavilion.demo import live_content
from pavilion.events.models import ChannelKind, ChannelRecording, Event, InterpretationChannel, Session, SessionChannel
from pavilion.interpretation.models import Interpreter, TeamMessage

FRENCH_BOOTH = "interpreter@pavilion.example.org"
SECOND_BOOTH = "interpreter2@pavilion.example.org"

#: The live forum's rooms and their interpretation channels (its stage plays the demo video; the
#: channels' addresses are examples, as the ITU event's are).
LIVE_ROOM_CHANNELS = {
    "main-stage": ["ar", "es", "fr", "ru", "zh-hans"],
    "forum-room": ["es", "fr", "ru"],
    "exhibition-stage": ["es", "fr", "vi"],
}
LIVE_STREAMS = "https://stream.example.org/live/digital-cooperation"

#: (event, session) → [(account, language, (first, last) share of the session as a turn, or None)]
TURNS: dict[tuple[str, str], list[tuple[str, str, tuple[float, float] | None]]] = {
    ("itu-digital-world-2020", "opening"): [
        (FRENCH_BOOTH, "fr", (0.0, 0.5)),
        (SECOND_BOOTH, "fr", (0.5, 1.0)),
        (SECOND_BOOTH, "es", (0.0, 0.5)),
    ],
    ("itu-digital-world-2020", "ministerial-roundtable-1"): [(FRENCH_BOOTH, "fr", None)],
    ("itu-digital-world-2020", "forum-5g"): [(SECOND_BOOTH, "es", None)],
    (live_content.LIVE_EVENT, "live-broadband-gap"): [
        (FRENCH_BOOTH, "fr", (0.0, 0.5)),
        (SECOND_BOOTH, "fr", (0.5, 1.0)),
        (SECOND_BOOTH, "es", (0.0, 0.5)),
    ],
    (live_content.LIVE_EVENT, "opening"): [(FRENCH_BOOTH, "fr", None)],
}


def _turn(session: Session, share: tuple[float, float] | None) -> tuple[datetime | None, datetime | None]:
    if share is None:
        return None, None
    length = (session.ends_at - session.starts_at).total_seconds()
    return (
        session.starts_at + timedelta(seconds=round(length * share[0] / 60) * 60),
        session.starts_at + timedelta(seconds=round(length * share[1] / 60) * 60),
    )


def load_interpretation(events: dict[str, Event]) -> None:
    live = events[live_content.LIVE_EVENT]
    for room in live.rooms.all():
        for language in LIVE_ROOM_CHANNELS.get(room.slug, []):
            InterpretationChannel.objects.update_or_create(
                room=room,
                language=language,
                kind=ChannelKind.AUDIO,
                defaults={"stream_url": f"{LIVE_STREAMS}/{room.slug}/{language}.m3u8"},
            )
    itu = events["itu-digital-world-2020"]
    # One session's own channel: the 5G forum adds Arabic, which its room does not offer.
    SessionChannel.objects.update_or_create(
        session=Session.objects.get(event=itu, slug="forum-5g"),
        language="ar",
        kind=ChannelKind.AUDIO,
        defaults={"stream_url": "https://stream.example.org/embed/digital-world-forum?interpretation=ar&session=5g"},
    )
    users = {user.email: user for user in User.objects.filter(email__in=[FRENCH_BOOTH, SECOND_BOOTH])}
    for (event_slug, session_slug), turns in TURNS.items():
        session = Session.objects.get(event=events[event_slug], slug=session_slug)
        for email, language, share in turns:
            starts_at, ends_at = _turn(session, share)
            Interpreter.objects.update_or_create(
                session=session,
                user=users[email],
                language=language,
                kind=ChannelKind.AUDIO,
                defaults={"starts_at": starts_at, "ends_at": ends_at},
            )
    _load_team_line(Session.objects.get(event=live, slug="live-broadband-gap"), users)
    opening = Session.objects.get(event=live, slug="opening")
    for channel, address in (
        ("floor", f"{LIVE_STREAMS}/recordings/opening.mp4"),
        ("fr:audio", f"{LIVE_STREAMS}/recordings/opening-fr.mp3"),
        ("es:audio", f"{LIVE_STREAMS}/recordings/opening-es.mp3"),
    ):
        ChannelRecording.objects.update_or_create(session=opening, channel=channel, defaults={"url": address})


def _load_team_line(session: Session, users: dict[str, Any]) -> None:
    """The French booth's handover note, dated within the session like the rest of what was said."""
    handover = Interpreter.objects.get(session=session, user=users[SECOND_BOOTH], language="fr").starts_at
    assert handover is not None
    text = f"Bonjour ! I hand over French to Ana at {handover:%H:%M} UTC; the glossary is in our shared folder."
    message, _created = TeamMessage.objects.get_or_create(
        session=session, author=users[FRENCH_BOOTH], defaults={"text": text}
    )
    if message.text != text:  # the session moved to another day: so did the handover
        message.text = text
        message.save(update_fields=["text"])
    TeamMessage.objects.filter(pk=message.pk).update(created_at=session.starts_at + timedelta(minutes=5))
