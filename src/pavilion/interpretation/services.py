"""Interpretation's rules: a session's changes to its room's channels, its interpreters, the on-air
status of each channel, the recordings of the channels, and the listener's remembered choice (the
interpreters' own chat is team.py).

Organisers change channels and assign interpreters. An interpreter (``Interpreter``) may put the
channels of their language and type on and off air while the session runs; the event's organisers
may do it for every channel (to clear a status left on). Every on-air change commits, then publishes
on ``session:<id>`` (live.py describes the event), so pages, the API and live commands agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of, require_account
from pavilion.accounts.models import User
from pavilion.events.access import AnyUser, can_see_session, is_organiser
from pavilion.events.channels import FLOOR, Channel, session_channels
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import ChannelKind, ChannelRecording, InterpretationChannel, Session, SessionChannel
from pavilion.events.organising import require_organiser
from pavilion.interpretation.models import Interpreter, ListeningChoice, OnAir
from pavilion.live.broker import publish_on_commit


def topic_of(session: Session) -> str:
    return f"session:{session.pk}"


def interpretation_channels(*, session: Session) -> list[Channel]:
    """The session's channels but the floor (``events.channels``)."""
    return [channel for channel in session_channels(session) if channel.language != FLOOR]


def channels_data(channels: list[Channel]) -> list[dict[str, str]]:
    """The channels as the snapshot part and the channels event carry them: key and address only
    (the page knows each language's name; ``key`` is ``language:kind``)."""
    return [{"key": channel.key, "url": channel.url} for channel in channels]


def publish_channels(*, session_id: int) -> None:
    """After a change to a session's channels (its own, or its room's): the channels it offers now go to
    its listeners as one event, ``{"interpretation": {"channels": [...]}}``, built once for everyone.
    A channel no longer offered goes off air (so it is not on air if it comes back)."""
    session = Session.objects.select_related("room").get(pk=session_id)
    channels = interpretation_channels(session=session)
    OnAir.objects.filter(session=session).exclude(channel__in=[channel.key for channel in channels]).delete()
    publish_on_commit(f"session:{session_id}", {"interpretation": {"channels": channels_data(channels)}})


# --- A session's own channels ------------------------------------------------------------------------


def _ALREADY_CHANGED() -> str:
    return gettext("This session already changes its channel in this language.")


def _kind(kind: str) -> str:
    if kind not in ChannelKind.values:
        raise ValidationError({"kind": gettext("Choose an audio, audio and video, or sign-language channel.")})
    return kind


def add_session_channel(*, session: Session, by: User, language: str, kind: str, stream_url: str) -> SessionChannel:
    """Offer a channel in this session only; the room's channel of the same language and type, if any,
    gets this address instead."""
    require_organiser(event=session.event, user=by)
    change = SessionChannel(session=session, language=language, kind=_kind(kind), stream_url=stream_url)
    if not stream_url:
        raise ValidationError({"stream_url": gettext("Give the https address of the channel's stream.")})
    if SessionChannel.objects.filter(session=session, language=language, kind=kind).exists():
        raise ValidationError({"language": _ALREADY_CHANGED()})
    change.full_clean()
    try:
        with transaction.atomic():
            change.save()
            publish_channels(session_id=session.pk)
    except IntegrityError:  # the same change saved at the same moment
        raise ValidationError({"language": _ALREADY_CHANGED()}) from None
    return change


def hide_room_channel(*, session: Session, by: User, language: str, kind: str) -> SessionChannel:
    """Leave the room's channel of this language and type out of this session."""
    require_organiser(event=session.event, user=by)
    kind = _kind(kind)
    if (
        session.room_id is None
        or not InterpretationChannel.objects.filter(room_id=session.room_id, language=language, kind=kind).exists()
    ):
        raise ValidationError({"language": gettext("The session's room has no channel in this language and type.")})
    if SessionChannel.objects.filter(session=session, language=language, kind=kind).exists():
        raise ValidationError({"language": _ALREADY_CHANGED()})
    try:
        with transaction.atomic():
            change = SessionChannel.objects.create(session=session, language=language, kind=kind, hidden=True)
            publish_channels(session_id=session.pk)
            return change
    except IntegrityError:
        raise ValidationError({"language": _ALREADY_CHANGED()}) from None


def remove_session_channel(*, change: SessionChannel, by: User) -> None:
    """Undo a session's change: the room's channel (if any) is offered again as it is."""
    require_organiser(event=change.session.event, user=by)
    with transaction.atomic():
        change.delete()
        publish_channels(session_id=change.session_id)


# --- Interpreters ------------------------------------------------------------------------------------


def session_interpreters(*, session: Session) -> QuerySet[Interpreter]:
    """The session's interpreters by language, type and turn."""
    return Interpreter.objects.filter(session=session).select_related("user")


def add_interpreter(
    *,
    session: Session,
    by: User,
    user: User,
    language: str,
    kind: str = ChannelKind.AUDIO,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Interpreter:
    """Ask ``user`` to interpret the session into a channel it offers, for the whole session or a turn of it."""
    require_organiser(event=session.event, user=by)
    kind = _kind(kind)
    if f"{language}:{kind}" not in {channel.key for channel in interpretation_channels(session=session)}:
        raise ValidationError({"language": gettext("This session has no channel in this language and type.")})
    if (starts_at is None) != (ends_at is None):
        raise ValidationError({"ends_at": gettext("Give both times of the turn, or neither.")})
    if (
        starts_at is not None
        and ends_at is not None
        and not session.starts_at <= starts_at < ends_at <= session.ends_at
    ):
        raise ValidationError({"ends_at": gettext("A turn starts before it ends, within the session's times.")})
    taken = gettext("This account already interprets this session into this channel.")
    if Interpreter.objects.filter(session=session, user=user, language=language, kind=kind).exists():
        raise ValidationError({"email": taken})
    try:
        with transaction.atomic():
            return Interpreter.objects.create(
                session=session, user=user, language=language, kind=kind, starts_at=starts_at, ends_at=ends_at
            )
    except IntegrityError:
        raise ValidationError({"email": taken}) from None


def remove_interpreter(*, interpreter: Interpreter, by: User) -> None:
    require_organiser(event=interpreter.session.event, user=by)
    interpreter.delete()


def interpreting_channels(*, session: Session, user: AnyUser) -> list[str]:
    """The keys of the channels this person may put on and off air ([] for listeners and anonymous visitors).

    The event's organisers: every channel; interpreters: the channels of their assignments that the
    session offers. Visibility is the caller's concern (``set_on_air`` checks it).
    """
    account = account_of(user)
    if account is None:
        return []
    keys = [channel.key for channel in interpretation_channels(session=session)]
    if is_organiser(event=session.event, user=account):
        return keys
    mine = {
        f"{language}:{kind}"
        for language, kind in Interpreter.objects.filter(session=session, user=account).values_list("language", "kind")
    }
    return [key for key in keys if key in mine]


def on_air(*, session: Session, keys: list[str] | None = None) -> list[str]:
    """The keys of the session's channels on air now, in channel order (``keys``: the channels' keys, when known)."""
    if keys is None:
        keys = [channel.key for channel in interpretation_channels(session=session)]
    live = set(OnAir.objects.filter(session=session).values_list("channel", flat=True))
    return [key for key in keys if key in live]


def state(*, session: Session, user: AnyUser) -> dict[str, Any]:
    """The ``interpretation`` snapshot part for one person (live.py answers a crowd at once)."""
    return {
        "channels": channels_data(interpretation_channels(session=session)),
        "on_air": on_air(session=session),
        "interpreting": interpreting_channels(session=session, user=user),
    }


def set_on_air(*, session: Session, by: AnyUser, channel: str, on: bool) -> bool:
    """Put a channel on or off air; returns whether it changed. Interpreters of the channel and organisers only."""
    account = require_account(by, gettext("Sign in to interpret."))
    if not can_see_session(session=session, user=account):
        raise PermissionDenied(gettext("This session is not open to you."))
    if channel not in interpreting_channels(session=session, user=account):
        raise PermissionDenied(gettext("Only the channel's interpreters and the event's organisers may do this."))
    refuse_after_end(session=session, field="channel", refusal=gettext("This session has ended."))
    with transaction.atomic():
        if on:
            changed = not OnAir.objects.filter(session=session, channel=channel).exists()
            OnAir.objects.update_or_create(session=session, channel=channel, defaults={"by": account})
        else:
            changed = OnAir.objects.filter(session=session, channel=channel).delete()[0] > 0
        if changed:
            publish_on_commit(topic_of(session), {"interpretation": {"channel": channel, "on_air": on}})
    return changed


# --- Recordings of the channels ---------------------------------------------------------------------


def set_recording(*, session: Session, by: User, channel: str, url: str) -> ChannelRecording:
    """Give the recording address of one of the session's channels (the floor, or one it offers); a second
    address for the same channel replaces the first. An https address only."""
    require_organiser(event=session.event, user=by)
    offered = {FLOOR} | {item.key for item in interpretation_channels(session=session)}
    if channel not in offered:
        raise ValidationError({"channel": gettext("This session has no such channel.")})
    recording = ChannelRecording.objects.filter(session=session, channel=channel).first() or ChannelRecording(
        session=session, channel=channel
    )
    recording.url = url
    recording.full_clean()
    try:
        with transaction.atomic():
            recording.save()
    except IntegrityError:  # the same channel's address given twice at the same moment
        raise ValidationError({"channel": gettext("Try again: this recording was changed meanwhile.")}) from None
    return recording


def remove_recording(*, recording: ChannelRecording, by: User) -> None:
    """Take a channel's recording address away (organisers only)."""
    require_organiser(event=recording.session.event, user=by)
    recording.delete()


# --- The listener's choice ---------------------------------------------------------------------------


def remember_choice(*, user: AnyUser, channel: str) -> ListeningChoice:
    """Keep a signed-in listener's channel ("floor" or a key such as "fr:audio") for their next session."""
    account = require_account(user, gettext("Sign in to keep your choice."))
    if not _is_channel_key(channel):
        raise ValidationError({"channel": gettext("Unknown channel.")})
    choice, _created = ListeningChoice.objects.update_or_create(user=account, defaults={"channel": channel})
    return choice


def remembered_choice(*, user: AnyUser) -> str:
    account = account_of(user)
    if account is None:
        return ""
    return ListeningChoice.objects.filter(user=account).values_list("channel", flat=True).first() or ""


def _is_channel_key(key: str) -> bool:
    if key == FLOOR:
        return True
    language, _sep, kind = key.partition(":")
    return language in dict(settings.LANGUAGES) and kind in ChannelKind.values
