"""Shapes of the events API: output schemas, converters from models, and helpers the other
API modules share (current user, translations, JSON errors, the anonymous cache)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import PlainSerializer, TypeAdapter, WithJsonSchema
from pydantic.json_schema import JsonDict, JsonValue

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.core.public_cache import public_version, remember
from pavilion.directory.models import Organisation
from pavilion.events.channels import CHANNEL_PREFETCH, FLOOR, channel_recordings, session_channels
from pavilion.events.models import (
    Event,
    Session,
)
from pavilion.events.services import (
    schedule_queryset,
)

# Stale entries are never read again (the schedule version is in the key); the timeout only
# returns their memory.
PUBLIC_CACHE_SECONDS = 3600


# --- Shared helpers (the accreditation API uses them too) ----------------------------------------


def current_user(request: HttpRequest) -> User | None:
    """The signed-in account, or None for anonymous callers."""
    return account_of(request.user)


def signed_in(request: HttpRequest) -> User:
    """The account of an endpoint guarded by ``django_auth`` (which answers 401 before we get here)."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user


def translations(value: object) -> dict[str, str]:
    """A django-i18nfield value as ``{language: text}``, leaving out empty languages."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {str(language): str(text) for language, text in data.items() if text}
    if data is None or data == "":
        return {}
    # A value stored before the field was translated holds one text for every language.
    return {settings.LANGUAGE_CODE: str(data)}


def translations_in(value: dict[str, str]) -> dict[str, str]:
    """Incoming translations without empty languages, so an all-empty value counts as blank."""
    return {language: text for language, text in value.items() if text}


def one_of(values: Iterable[str]) -> JsonDict:
    """Document a field's choices in the schema; the services validate them (with translated messages)."""
    options: list[JsonValue] = list(values)
    return {"enum": options}


def _utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcDateTime = Annotated[
    datetime,
    PlainSerializer(_utc_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Translations = Annotated[
    dict[str, str],
    WithJsonSchema(
        {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": 'Texts by language code, e.g. {"en": "Opening", "vi": "Khai mạc"}.',
        }
    ),
]


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    detail: dict[str, list[str]] = Field(description='Messages per field; "__all__" for the whole object.')


READ_ERRORS: dict[int, Any] = {404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


def cached_for_anonymous(
    request: HttpRequest, *, event: Event, variant: dict[str, Any], build: Callable[[], bytes]
) -> HttpResponse:
    """Serve anonymous callers from the cache, keyed by the event's schedule version and the request.

    Signed-in callers may see more (registered, accredited, invited, organiser), so they are always
    answered fresh and never stored. ``variant`` holds the validated query parameters: unknown
    parameters do not make new entries.
    """
    if current_user(request) is not None:
        return HttpResponse(build(), content_type="application/json")
    query = urlencode(sorted((name, str(value)) for name, value in variant.items() if value is not None))
    raw = f"{event.pk}:{public_version(event.pk)}:{request.path}?{query}"
    key = "api-v1:" + hashlib.sha256(raw.encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, timeout=PUBLIC_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    # Lets the ASGI router replay this exact address to the next anonymous callers without Django.
    remember(request=request, response=response, event_id=event.pk)
    return response


def dump_json(schema: Any, value: object) -> bytes:
    """Serialize output schemas to JSON bytes, as ninja would, for responses we cache."""
    return TypeAdapter(schema).dump_json(value)


# --- Output ---------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: Translations
    acronym: str


class TrackOut(Schema):
    slug: str
    name: Translations


class SubGroupOut(Schema):
    code: str
    name: Translations


class RoomOut(Schema):
    slug: str
    name: Translations


class InterpretationOut(Schema):
    language: str
    stream_url: str


class ChannelOut(Schema):
    language: str = Field(description='"floor" for the floor (the original sound), else a UI language code.')
    kind: str = Field(description="audio, video (audio and video) or sign (sign-language video).")
    label: Translations = Field(description="What a channel switcher shows, in each UI language.")
    url: str


class RecordingOut(ChannelOut):
    channel: str = Field(description='The channel recorded: "floor", or "language:kind" such as "fr:audio".')


class RoomStreamOut(RoomOut):
    stream_url: str
    interpretation: list[InterpretationOut]


class EventOut(Schema):
    slug: str
    kind: str
    name: Translations
    tagline: Translations
    start_date: date
    end_date: date
    time_zone: str = Field(description="IANA time zone in which the event's days and times are shown.")
    is_online: bool
    venue: Translations
    host_country: str
    content_locales: list[str]
    is_published: bool
    is_schedule_published: bool
    organisers: list[OrganisationOut]


class EventDetailOut(EventOut):
    description: Translations
    ui_locales: list[str]
    host: OrganisationOut | None
    logo: str | None
    registered_access: str = Field(
        description="Which approved registrations open the sessions for registered participants (approved, any)."
    )
    tracks: list[TrackOut]
    rooms: list[RoomOut]
    subgroups: list[SubGroupOut]


class SessionSpeakerOut(Schema):
    slug: str
    name: str
    role: str
    position: Translations
    organisation: str
    country: str


class SessionOut(Schema):
    event: str
    slug: str
    kind: str
    title: Translations
    abstract: Translations
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    room: RoomOut | None
    track: TrackOut | None
    subgroup: SubGroupOut | None
    access_level: str
    languages: list[str]
    speakers: list[SessionSpeakerOut]
    channels: list[ChannelOut] = Field(
        description="The room's floor first, then each interpretation channel (by language, then kind)."
    )


class SessionDetailOut(SessionOut):
    room: RoomStreamOut | None  # the detail adds the stream addresses
    recordings: list[RecordingOut] = Field(
        description="The recording of each channel the organisers gave, the floor first, then by channel."
    )


class SpeakerPartOut(Schema):
    session: str
    role: str


class SpeakerOut(Schema):
    slug: str
    name: str
    position: Translations
    organisation: str
    country: str
    bio: Translations
    photo: str | None
    sessions: list[SpeakerPartOut] = Field(description="The caller's visible sessions this speaker takes part in.")


class ScheduleOut(Schema):
    published: bool


def organisation_out(organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(slug=organisation.slug, name=translations(organisation.name), acronym=organisation.acronym)


def _event_fields(event: Event) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "kind": event.kind,
        "name": translations(event.name),
        "tagline": translations(event.tagline),
        "start_date": event.start_date,
        "end_date": event.end_date,
        "time_zone": event.time_zone,
        "is_online": event.is_online,
        "venue": translations(event.venue),
        "host_country": str(event.host_country or ""),
        "content_locales": list(event.content_locales),
        "is_published": event.is_published,
        "is_schedule_published": event.is_schedule_published,
        "organisers": [organisation_out(each) for each in event.organising_bodies.all()],
    }


def event_out(event: Event) -> EventOut:
    """An event for lists; expects ``organisers`` prefetched."""
    return EventOut(**_event_fields(event))


def event_detail_out(event: Event) -> EventDetailOut:
    """An event with its themes, rooms and sub-groups, loaded in a fixed number of queries."""
    prefetch_related_objects([event], "organising_bodies", "tracks", "rooms", "subgroups")
    return EventDetailOut(
        **_event_fields(event),
        description=translations(event.description),
        ui_locales=list(event.ui_locales),
        host=organisation_out(event.host) if event.host else None,
        logo=event.logo.url if event.logo else None,
        registered_access=event.registered_access,
        tracks=[TrackOut(slug=track.slug, name=translations(track.name)) for track in event.tracks.all()],
        rooms=[RoomOut(slug=room.slug, name=translations(room.name)) for room in event.rooms.all()],
        subgroups=[SubGroupOut(code=group.code, name=translations(group.name)) for group in event.subgroups.all()],
    )


def _session_fields(session: Session, *, event_slug: str) -> dict[str, Any]:
    return {
        "event": event_slug,
        "slug": session.slug,
        "kind": session.kind,
        "title": translations(session.title),
        "abstract": translations(session.abstract),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": RoomOut(slug=session.room.slug, name=translations(session.room.name)) if session.room else None,
        "track": TrackOut(slug=session.track.slug, name=translations(session.track.name)) if session.track else None,
        "subgroup": (
            SubGroupOut(code=session.subgroup.code, name=translations(session.subgroup.name))
            if session.subgroup
            else None
        ),
        "access_level": session.access_level,
        "languages": list(session.languages),
        "speakers": [
            SessionSpeakerOut(
                slug=part.speaker.slug,
                name=part.speaker.name,
                role=part.role,
                position=translations(part.speaker.position),
                organisation=part.speaker.organisation,
                country=str(part.speaker.country or ""),
            )
            for part in session.session_speakers.all()
        ],
        "channels": channels_out(session),
    }


@functools.cache
def channel_label(language: str, kind: str) -> dict[str, str]:
    """A channel's name in every UI language: "Original" for the floor, else the language's name
    (for sign-language video: "French (sign language)")."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if language == FLOOR:
                # Translators: the floor's channel in an interpretation switcher: the speakers' own voices.
                labels[code] = gettext("Original")
            else:
                name = str(dict(settings.LANGUAGES).get(language, language))
                labels[code] = gettext("%(language)s (sign language)") % {"language": name} if kind == "sign" else name
    return labels


def channels_out(session: Session) -> list[ChannelOut]:
    """The floor (the room's stream) first, then the session's interpretation channels (``events.channels``);
    needs ``CHANNEL_PREFETCH`` prefetched (``with_channels``) to stay at a fixed number of queries."""
    return [
        ChannelOut(
            language=channel.language,
            kind=channel.kind,
            label=channel_label(channel.language, channel.kind),
            url=channel.url,
        )
        for channel in session_channels(session)
    ]


def with_channels(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions loaded for ``session_out``: everything a schedule shows and their rooms' channels."""
    return schedule_queryset(sessions).prefetch_related(*CHANNEL_PREFETCH)


def session_out(session: Session, *, event_slug: str) -> SessionOut:
    """A session for lists; expects it loaded through ``with_channels``."""
    return SessionOut(**_session_fields(session, event_slug=event_slug))


def session_detail_out(session: Session, *, event_slug: str) -> SessionDetailOut:
    """A session with its room's stream addresses (read again, so one session costs a few fixed queries)."""
    loaded = with_channels(Session.objects.filter(pk=session.pk)).get()
    fields = _session_fields(loaded, event_slug=event_slug)
    room = loaded.room
    fields["room"] = (
        RoomStreamOut(
            slug=room.slug,
            name=translations(room.name),
            stream_url=room.stream_url,
            interpretation=[
                InterpretationOut(language=channel.language, stream_url=channel.stream_url)
                for channel in room.interpretation_channels.all()
            ],
        )
        if room
        else None
    )
    return SessionDetailOut(**fields, recordings=recordings_out(loaded))


def recordings_out(session: Session) -> list[RecordingOut]:
    """The session's channel recordings (``events.channels.channel_recordings``)."""
    return [
        RecordingOut(
            channel=item.channel,
            language=item.language,
            kind=item.kind,
            label=channel_label(item.language, item.kind),
            url=item.url,
        )
        for item in channel_recordings(session)
    ]
