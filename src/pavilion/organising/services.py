"""Organisers' writes that events/organising.py does not cover yet.

Themes, sub-groups, rooms and their interpretation channels, speakers and participant categories,
plus the organiser area's all-or-nothing saves (an event with its logo; a session with its
speakers and invitees). Every function checks that ``by`` organises the event first, validates the
whole object (``full_clean``) before saving, and changes nothing when it raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory
from pavilion.core.uploads import (
    ImageChange,
    change_image,
    delete_captions_after_commit,
    replace_captions,
)
from pavilion.core.writes import check_fields
from pavilion.events.models import (
    ROOM_CAPTIONS_FOLDER,
    ChannelKind,
    Event,
    InterpretationChannel,
    Room,
    Session,
    Speaker,
    SubGroup,
    Track,
)
from pavilion.events.organising import (
    create_event,
    create_session,
    require_organiser,
    set_session_speakers,
    update_event,
    update_session,
)

EventItem = TypeVar("EventItem", Track, SubGroup, Room, Speaker, ParticipantCategory)

THEME_FIELDS = frozenset({"slug", "name"})
SUBGROUP_FIELDS = frozenset({"code", "name"})
ROOM_FIELDS = frozenset({"slug", "name", "stream_url", "position"})
SPEAKER_FIELDS = frozenset({"slug", "name", "position", "organisation", "country", "bio"})
CATEGORY_FIELDS = frozenset({"slug", "name", "requires_approval", "is_accredited", "position"})


def managed_events(*, user: User) -> QuerySet[Event]:
    """The events this person may manage: all for platform admins, else those whose team they are in."""
    if user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(organising_team=user)


# --- Events -------------------------------------------------------------------------------------

#: Pictures are kept no larger than they are shown (twice, for sharp screens).
LOGO_MAX_SIDE = 480
BANNER_MAX_SIDE = 1600
PORTRAIT_MAX_SIDE = 400


@transaction.atomic
def save_event(
    *,
    by: User,
    event: Event | None = None,
    organising_bodies: Iterable[Any] = (),
    logo: ImageChange = None,
    banner: ImageChange = None,
    **values: Any,
) -> Event:
    """Create an event (``event`` None) or update one, with its organising bodies, logo and banner, all
    or nothing (pictures re-encoded by core/uploads.py; the accent colour checked for contrast)."""
    if event is None:
        event = create_event(by=by, organising_bodies=organising_bodies, **values)
    else:
        require_organiser(event=event, user=by)
        event = update_event(event=event, by=by, organising_bodies=organising_bodies, **values)
    change_image(event, "logo", logo, max_side=LOGO_MAX_SIDE)
    change_image(event, "banner", banner, max_side=BANNER_MAX_SIDE)
    return event


# --- Themes, sub-groups, rooms, speakers, categories ----------------------------------------------


def _create(model: type[EventItem], *, event: Event, values: dict[str, Any], allowed: frozenset[str]) -> EventItem:
    check_fields(values, allowed)
    item = model(event=event, **values)
    item.full_clean()
    item.save()
    return item


def _update(item: EventItem, *, values: dict[str, Any], allowed: frozenset[str]) -> EventItem:
    check_fields(values, allowed)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


def create_theme(*, event: Event, by: User, **values: Any) -> Track:
    """Add a theme (a track sessions belong to) to the event."""
    require_organiser(event=event, user=by)
    return _create(Track, event=event, values=values, allowed=THEME_FIELDS)


def update_theme(*, theme: Track, by: User, **values: Any) -> Track:
    """Rename a theme or change its short name."""
    require_organiser(event=theme.event, user=by)
    return _update(theme, values=values, allowed=THEME_FIELDS)


def delete_theme(*, theme: Track, by: User) -> None:
    """Remove a theme; its sessions stay, without a theme."""
    require_organiser(event=theme.event, user=by)
    theme.delete()


def create_subgroup(*, event: Event, by: User, **values: Any) -> SubGroup:
    """Add a sub-group (a steering group, a task force) to the event."""
    require_organiser(event=event, user=by)
    return _create(SubGroup, event=event, values=values, allowed=SUBGROUP_FIELDS)


def update_subgroup(*, subgroup: SubGroup, by: User, **values: Any) -> SubGroup:
    """Change a sub-group's code or name."""
    require_organiser(event=subgroup.event, user=by)
    return _update(subgroup, values=values, allowed=SUBGROUP_FIELDS)


def delete_subgroup(*, subgroup: SubGroup, by: User) -> None:
    """Remove a sub-group; its sessions stay, without a sub-group."""
    require_organiser(event=subgroup.event, user=by)
    subgroup.delete()


def create_room(*, event: Event, by: User, **values: Any) -> Room:
    """Add a room or stage (with an https stream address when it is online)."""
    require_organiser(event=event, user=by)
    return _create(Room, event=event, values=values, allowed=ROOM_FIELDS)


def update_room(*, room: Room, by: User, **values: Any) -> Room:
    """Change a room's name, stream address or position."""
    require_organiser(event=room.event, user=by)
    return _update(room, values=values, allowed=ROOM_FIELDS)


@transaction.atomic
def delete_room(*, room: Room, by: User) -> None:
    """Remove a room and its interpretation channels; its sessions stay, without a room."""
    require_organiser(event=room.event, user=by)
    delete_captions_after_commit(list(room.caption_tracks.values()), folder=ROOM_CAPTIONS_FOLDER)
    room.delete()


@transaction.atomic
def add_room_captions(*, room: Room, by: User, language: str, file: File) -> Room:
    """Give the room's video (a file the browser plays) its captions in ``language`` from an uploaded
    WebVTT file, in place of those it had in that language (an uploaded file of those goes once this
    has committed). The session page's player and its captions panel use them."""
    require_organiser(event=room.event, user=by)
    room = Room.objects.select_for_update().get(pk=room.pk)
    replace_captions(room, language=language, upload=file, folder=ROOM_CAPTIONS_FOLDER)
    return room


@transaction.atomic
def remove_room_captions(*, room: Room, by: User, language: str) -> Room:
    """Take the room's captions in ``language`` away (an uploaded file goes once this has committed)."""
    require_organiser(event=room.event, user=by)
    room = Room.objects.select_for_update().get(pk=room.pk)
    removed = room.caption_tracks.pop(language, None)
    room.save(update_fields=["caption_tracks"])
    if removed:
        delete_captions_after_commit([removed], folder=ROOM_CAPTIONS_FOLDER)
    return room


def add_interpretation_channel(
    *, room: Room, by: User, language: str, stream_url: str, kind: str = ChannelKind.AUDIO
) -> InterpretationChannel:
    """Offer interpretation into ``language`` in a room (audio, audio and video, or sign-language video),
    streamed from an https address."""
    require_organiser(event=room.event, user=by)
    channel = InterpretationChannel(room=room, language=language, kind=kind, stream_url=stream_url)
    channel.full_clean()
    channel.save()
    return channel


def remove_interpretation_channel(*, channel: InterpretationChannel, by: User) -> None:
    """Stop offering interpretation into the channel's language in its room."""
    require_organiser(event=channel.room.event, user=by)
    channel.delete()


@transaction.atomic
def create_speaker(*, event: Event, by: User, photo: ImageChange = None, **values: Any) -> Speaker:
    """Add a speaker (name, position, organisation, country, biography and photo) to the event."""
    require_organiser(event=event, user=by)
    speaker = _create(Speaker, event=event, values=values, allowed=SPEAKER_FIELDS)
    change_image(speaker, "photo", photo, max_side=PORTRAIT_MAX_SIDE)
    return speaker


@transaction.atomic
def update_speaker(*, speaker: Speaker, by: User, photo: ImageChange = None, **values: Any) -> Speaker:
    """Change a speaker's details; ``photo`` replaces (a file), removes (False) or keeps (None) the photo."""
    require_organiser(event=speaker.event, user=by)
    speaker = _update(speaker, values=values, allowed=SPEAKER_FIELDS)
    change_image(speaker, "photo", photo, max_side=PORTRAIT_MAX_SIDE)
    return speaker


def delete_speaker(*, speaker: Speaker, by: User) -> None:
    """Remove a speaker from the event and from every session they had a part in."""
    require_organiser(event=speaker.event, user=by)
    speaker.delete()


def create_category(*, event: Event, by: User, **values: Any) -> ParticipantCategory:
    """Add a participant category (delegate, observer, media …) people register in."""
    require_organiser(event=event, user=by)
    return _create(ParticipantCategory, event=event, values=values, allowed=CATEGORY_FIELDS)


def update_category(*, category: ParticipantCategory, by: User, **values: Any) -> ParticipantCategory:
    """Change a participant category; the change applies to registrations already in it."""
    require_organiser(event=category.event, user=by)
    return _update(category, values=values, allowed=CATEGORY_FIELDS)


def delete_category(*, category: ParticipantCategory, by: User) -> None:
    """Remove a participant category nobody has registered in yet."""
    require_organiser(event=category.event, user=by)
    try:
        with transaction.atomic():
            category.delete()
    except ProtectedError:
        raise ValidationError(_("People have registered in this category, so it cannot be deleted.")) from None


# --- Sessions -----------------------------------------------------------------------------------


def set_session_invitees(*, session: Session, by: User, invitees: Iterable[User]) -> None:
    """Replace the accounts invited to a session (they see it when access is by invitation)."""
    require_organiser(event=session.event, user=by)
    session.invitees.set(list(invitees))


@transaction.atomic
def save_session(
    *,
    event: Event,
    by: User,
    session: Session | None = None,
    parts: Iterable[tuple[Speaker, str]] = (),
    invitees: Iterable[User] = (),
    **values: Any,
) -> Session:
    """Create (``session`` None) or update a session with its chairs, moderators, speakers and invitees.

    All or nothing: when the speakers or invitees are refused, the session is not saved either.
    """
    require_organiser(event=event, user=by)
    if session is None:
        session = create_session(event=event, by=by, **values)
    else:
        if session.event_id != event.pk:
            raise ValidationError(_("This session belongs to another event."))
        session = update_session(session=session, by=by, **values)
    set_session_speakers(session=session, by=by, parts=parts)
    set_session_invitees(session=session, by=by, invitees=invitees)
    return session
