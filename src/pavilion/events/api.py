"""The events part of the JSON API: events, sessions, speakers, personal agendas and organisers' writes.

Thin adapters: what a caller may see comes from ``pavilion.events.access`` and every write goes
through ``pavilion.events.organising`` or the agenda services, so a rule holds whichever door a
request came through. Translated fields travel as objects ``{language: text}``; times are ISO 8601
in UTC and each event carries its time zone.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import PlainSerializer, TypeAdapter, WithJsonSchema
from pydantic.json_schema import JsonDict, JsonValue

from pavilion.accounts.models import User
from pavilion.core.public_cache import remember
from pavilion.directory.models import Organisation
from pavilion.events.access import (
    get_visible_event,
    get_visible_session,
    viewer_for,
    visible_events,
    visible_sessions,
)
from pavilion.events.models import (
    AccessLevel,
    Event,
    EventKind,
    Room,
    Session,
    SessionKind,
    SessionRole,
    SessionSpeaker,
    Speaker,
    SubGroup,
    Track,
)
from pavilion.events.organising import (
    create_event,
    create_session,
    delete_session,
    set_schedule_published,
    set_session_speakers,
    update_event,
    update_session,
)
from pavilion.events.services import (
    add_to_agenda,
    agenda_sessions,
    remove_from_agenda,
    schedule_queryset,
    schedule_version,
)

router = Router(tags=["events"])

# Stale entries are never read again (the schedule version is in the key); the timeout only
# returns their memory.
PUBLIC_CACHE_SECONDS = 3600


# --- Shared helpers (the accreditation API uses them too) ----------------------------------------


def current_user(request: HttpRequest) -> User | None:
    """The signed-in account, or None for anonymous callers."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


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
    raw = f"{event.pk}:{schedule_version(event.pk)}:{request.path}?{query}"
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


class SessionDetailOut(SessionOut):
    room: RoomStreamOut | None  # the detail adds the stream addresses


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
        "organisers": [organisation_out(each) for each in event.organisers.all()],
    }


def event_out(event: Event) -> EventOut:
    """An event for lists; expects ``organisers`` prefetched."""
    return EventOut(**_event_fields(event))


def event_detail_out(event: Event) -> EventDetailOut:
    """An event with its themes, rooms and sub-groups, loaded in a fixed number of queries."""
    prefetch_related_objects([event], "organisers", "tracks", "rooms", "subgroups")
    return EventDetailOut(
        **_event_fields(event),
        description=translations(event.description),
        ui_locales=list(event.ui_locales),
        host=organisation_out(event.host) if event.host else None,
        logo=event.logo.url if event.logo else None,
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
    }


def session_out(session: Session, *, event_slug: str) -> SessionOut:
    """A session for lists; expects it loaded through ``schedule_queryset``."""
    return SessionOut(**_session_fields(session, event_slug=event_slug))


def session_detail_out(session: Session, *, event_slug: str) -> SessionDetailOut:
    """A session with its room's stream addresses (read again, so one session costs a few fixed queries)."""
    loaded = (
        schedule_queryset(Session.objects.filter(pk=session.pk)).prefetch_related("room__interpretation_channels").get()
    )
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
    return SessionDetailOut(**fields)


# --- Reading ----------------------------------------------------------------------------------------


class SessionFilters(Schema):
    track: str | None = Field(None, description="A theme's slug.")
    kind: str | None = Field(None, description="A session type.", json_schema_extra=one_of(SessionKind.values))
    subgroup: str | None = Field(None, description="A sub-group's code.")
    language: str | None = Field(None, description="A language spoken or interpreted in the session.")


@router.get("events/", response=list[EventOut], summary="Events the caller may see")
def list_events(request: HttpRequest) -> list[EventOut]:
    """Published events, plus unpublished ones the caller organises; newest first."""
    events = visible_events(user=current_user(request)).prefetch_related("organisers")
    return [event_out(event) for event in events]


@router.get("events/{slug}/", response={200: EventDetailOut, **READ_ERRORS}, summary="One event")
def get_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_visible_event(slug=slug, user=current_user(request))
    return cached_for_anonymous(
        request, event=event, variant={}, build=lambda: dump_json(EventDetailOut, event_detail_out(event))
    )


@router.get(
    "events/{slug}/sessions/", response={200: list[SessionOut], **READ_ERRORS}, summary="The caller's visible sessions"
)
def list_sessions(request: HttpRequest, slug: str, filters: Query[SessionFilters]) -> HttpResponse:
    """Sessions the caller may see, in time order; closed sessions are simply absent."""
    user = current_user(request)
    event = get_visible_event(slug=slug, user=user)

    def build() -> bytes:
        sessions = visible_sessions(event=event, viewer=viewer_for(event=event, user=user))
        if filters.track is not None:
            sessions = sessions.filter(track__slug=filters.track)
        if filters.kind is not None:
            sessions = sessions.filter(kind=filters.kind)
        if filters.subgroup is not None:
            sessions = sessions.filter(subgroup__code=filters.subgroup)
        loaded: Iterable[Session] = schedule_queryset(sessions).order_by("starts_at", "slug")
        if filters.language is not None:
            # Filtered here: SQLite has no JSON "contains" lookup, and the rows are loaded anyway.
            loaded = [session for session in loaded if filters.language in session.languages]
        return dump_json(list[SessionOut], [session_out(session, event_slug=event.slug) for session in loaded])

    return cached_for_anonymous(request, event=event, variant=filters.model_dump(), build=build)


@router.get(
    "events/{slug}/sessions/{session_slug}/", response={200: SessionDetailOut, **READ_ERRORS}, summary="One session"
)
def get_session(request: HttpRequest, slug: str, session_slug: str) -> SessionDetailOut:
    """A session the caller may see; one they may not see does not exist for them (404)."""
    user = current_user(request)
    event = get_visible_event(slug=slug, user=user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=user))
    return session_detail_out(session, event_slug=event.slug)


@router.get(
    "events/{slug}/speakers/", response={200: list[SpeakerOut], **READ_ERRORS}, summary="Speakers of visible sessions"
)
def list_speakers(request: HttpRequest, slug: str) -> HttpResponse:
    """Speakers taking part in sessions the caller may see, with those sessions only."""
    user = current_user(request)
    event = get_visible_event(slug=slug, user=user)

    def build() -> bytes:
        sessions = visible_sessions(event=event, viewer=viewer_for(event=event, user=user))
        parts = (
            SessionSpeaker.objects.filter(session__in=sessions)
            .select_related("speaker", "session")
            .order_by("speaker__name", "speaker__slug", "session__starts_at", "session__slug", "role")
        )
        speakers: dict[int, SpeakerOut] = {}
        for part in parts:
            speaker = part.speaker
            if speaker.pk not in speakers:
                speakers[speaker.pk] = SpeakerOut(
                    slug=speaker.slug,
                    name=speaker.name,
                    position=translations(speaker.position),
                    organisation=speaker.organisation,
                    country=str(speaker.country or ""),
                    bio=translations(speaker.bio),
                    photo=speaker.photo.url if speaker.photo else None,
                    sessions=[],
                )
            speakers[speaker.pk].sessions.append(SpeakerPartOut(session=part.session.slug, role=part.role))
        return dump_json(list[SpeakerOut], list(speakers.values()))

    return cached_for_anonymous(request, event=event, variant={}, build=build)


# --- Personal agenda ---------------------------------------------------------------------------------


class AgendaIn(Schema):
    event: str = Field(description="The event's slug.")
    session: str = Field(description="The session's slug.")


@router.get("me/agenda/", response={200: list[SessionOut], 401: ErrorOut}, auth=django_auth, summary="My agenda")
def my_agenda(request: HttpRequest, event: str | None = None) -> list[SessionOut]:
    """Bookmarked sessions the caller may still see, in time order; ``?event=`` narrows to one event."""
    user = signed_in(request)
    only = get_visible_event(slug=event, user=user) if event is not None else None
    bookmarked = [session.pk for session in agenda_sessions(user=user, event=only)]
    sessions = schedule_queryset(Session.objects.filter(pk__in=bookmarked)).select_related("event")
    return [session_out(session, event_slug=session.event.slug) for session in sessions.order_by("starts_at", "slug")]


@router.post("me/agenda/", response={201: SessionOut, **WRITE_ERRORS}, auth=django_auth, summary="Bookmark a session")
def add_agenda_item(request: HttpRequest, payload: AgendaIn) -> Status[SessionOut]:
    user = signed_in(request)
    event = get_visible_event(slug=payload.event, user=user)
    session = get_visible_session(event=event, slug=payload.session, viewer=viewer_for(event=event, user=user))
    add_to_agenda(user=user, session=session)
    loaded = schedule_queryset(Session.objects.filter(pk=session.pk)).get()
    return Status(201, session_out(loaded, event_slug=event.slug))


@router.delete(
    "me/agenda/{event_slug}/{session_slug}/",
    response={204: None, **WRITE_ERRORS},
    auth=django_auth,
    summary="Remove a bookmark",
)
def remove_agenda_item(request: HttpRequest, event_slug: str, session_slug: str) -> Status[None]:
    user = signed_in(request)
    event = get_visible_event(slug=event_slug, user=user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=user))
    remove_from_agenda(user=user, session=session)
    return Status(204, None)


# --- Organisers' writes ------------------------------------------------------------------------------


class EventIn(Schema):
    slug: str
    kind: str = Field(json_schema_extra=one_of(EventKind.values))
    name: Translations
    tagline: Translations = Field(default_factory=dict)
    description: Translations = Field(default_factory=dict)
    start_date: date
    end_date: date
    time_zone: str = Field(description="An IANA time zone, e.g. Asia/Ho_Chi_Minh.")
    is_online: bool = False
    venue: Translations = Field(default_factory=dict)
    host_country: str = Field("", description="ISO 3166 code of the host country or economy.")
    host: str | None = Field(None, description="The hosting organisation's slug.")
    organisers: list[str] = Field(default_factory=list, description="Slugs of the organising bodies.")
    content_locales: list[str] = Field(description="Languages in which titles and descriptions are written.")
    ui_locales: list[str] = Field(default_factory=list)
    is_published: bool = False
    is_schedule_published: bool = True


class EventPatch(Schema):
    """Only the fields sent are changed."""

    slug: str | None = None
    kind: str | None = Field(None, json_schema_extra=one_of(EventKind.values))
    name: Translations | None = None
    tagline: Translations | None = None
    description: Translations | None = None
    start_date: date | None = None
    end_date: date | None = None
    time_zone: str | None = None
    is_online: bool | None = None
    venue: Translations | None = None
    host_country: str | None = None
    host: str | None = None
    organisers: list[str] | None = None
    content_locales: list[str] | None = None
    ui_locales: list[str] | None = None
    is_published: bool | None = None
    is_schedule_published: bool | None = None


class ScheduleIn(Schema):
    published: bool


class SpeakerPartIn(Schema):
    speaker: str = Field(description="The speaker's slug.")
    role: str = Field(SessionRole.SPEAKER.value, json_schema_extra=one_of(SessionRole.values))


_NAIVE_TIMES = "Times without an offset are read in the event's time zone."


class SessionIn(Schema):
    slug: str
    kind: str = Field(json_schema_extra=one_of(SessionKind.values))
    title: Translations
    abstract: Translations = Field(default_factory=dict)
    starts_at: datetime = Field(description=_NAIVE_TIMES)
    ends_at: datetime = Field(description=_NAIVE_TIMES)
    room: str | None = Field(None, description="A room's slug.")
    track: str | None = Field(None, description="A theme's slug.")
    subgroup: str | None = Field(None, description="A sub-group's code.")
    access_level: str = Field(AccessLevel.PUBLIC.value, json_schema_extra=one_of(AccessLevel.values))
    languages: list[str] = Field(default_factory=list)
    speakers: list[SpeakerPartIn] | None = Field(None, description="Chairs, moderators and speakers, in order.")


class SessionPatch(Schema):
    """Only the fields sent are changed; ``speakers`` replaces the whole list."""

    slug: str | None = None
    kind: str | None = Field(None, json_schema_extra=one_of(SessionKind.values))
    title: Translations | None = None
    abstract: Translations | None = None
    starts_at: datetime | None = Field(None, description=_NAIVE_TIMES)
    ends_at: datetime | None = Field(None, description=_NAIVE_TIMES)
    room: str | None = None
    track: str | None = None
    subgroup: str | None = None
    access_level: str | None = Field(None, json_schema_extra=one_of(AccessLevel.values))
    languages: list[str] | None = None
    speakers: list[SpeakerPartIn] | None = None


EVENT_TRANSLATED = ("name", "tagline", "description", "venue")
SESSION_TRANSLATED = ("title", "abstract")


def _event_values(values: dict[str, Any]) -> tuple[dict[str, Any], list[Organisation] | None]:
    """Translate API values into service arguments: slugs become organisations."""
    errors: dict[str, str] = {}
    organisers: list[Organisation] | None = None
    for name in EVENT_TRANSLATED:
        if values.get(name) is not None:
            values[name] = translations_in(values[name])
    if "host" in values and values["host"] is not None:
        values["host"] = Organisation.objects.filter(slug=values["host"]).first()
        if values["host"] is None:
            errors["host"] = _("No organisation has this short name.")
    if "organisers" in values:
        slugs = values.pop("organisers") or []
        organisers = list(Organisation.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {each.slug for each in organisers})
        if unknown:
            errors["organisers"] = _("No organisation has these short names: %(slugs)s") % {"slugs": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    return values, organisers


def _session_values(event: Event, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Speaker, str]] | None]:
    """Translate API values into service arguments: slugs become the event's rooms, themes, sub-groups, speakers."""
    errors: dict[str, str] = {}
    zone = zoneinfo.ZoneInfo(event.time_zone)
    for name in SESSION_TRANSLATED:
        if values.get(name) is not None:
            values[name] = translations_in(values[name])
    for name in ("starts_at", "ends_at"):
        moment = values.get(name)
        if isinstance(moment, datetime) and timezone.is_naive(moment):
            values[name] = moment.replace(tzinfo=zone)
    related: tuple[tuple[str, Any, str], ...] = (
        ("room", Room.objects.filter(event=event), "slug"),
        ("track", Track.objects.filter(event=event), "slug"),
        ("subgroup", SubGroup.objects.filter(event=event), "code"),
    )
    for name, choices, key in related:
        if values.get(name) is not None:
            values[name] = choices.filter(**{key: values[name]}).first()
            if values[name] is None:
                errors[name] = _("This event has nothing with this short name.")
    parts: list[tuple[Speaker, str]] | None = None
    wanted = values.pop("speakers", None)
    if wanted is not None:
        found = {
            speaker.slug: speaker
            for speaker in Speaker.objects.filter(event=event, slug__in=[w["speaker"] for w in wanted])
        }
        unknown = sorted({w["speaker"] for w in wanted} - set(found))
        if unknown:
            errors["speakers"] = _("This event has no speakers with these short names: %(slugs)s") % {
                "slugs": ", ".join(unknown)
            }
        else:
            parts = [(found[w["speaker"]], w["role"]) for w in wanted]
    if errors:
        raise ValidationError(errors)
    return values, parts


@router.post("events/", response={201: EventDetailOut, **WRITE_ERRORS}, auth=django_auth, summary="Create an event")
def create_event_endpoint(request: HttpRequest, payload: EventIn) -> Status[EventDetailOut]:
    """The creator joins the organising team. Needs the 'add event' permission."""
    values, organisers = _event_values(payload.model_dump())
    event = create_event(by=signed_in(request), organisers=organisers or [], **values)
    return Status(201, event_detail_out(event))


@router.patch(
    "events/{slug}/", response={200: EventDetailOut, **WRITE_ERRORS}, auth=django_auth, summary="Change an event"
)
def update_event_endpoint(request: HttpRequest, slug: str, payload: EventPatch) -> EventDetailOut:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    values, organisers = _event_values(payload.model_dump(exclude_unset=True))
    event = update_event(event=event, by=user, organisers=organisers, **values)
    return event_detail_out(event)


@router.post(
    "events/{slug}/schedule/",
    response={200: ScheduleOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Publish or hide the schedule",
)
def publish_schedule(request: HttpRequest, slug: str, payload: ScheduleIn) -> ScheduleOut:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    event = set_schedule_published(event=event, by=user, published=payload.published)
    return ScheduleOut(published=event.is_schedule_published)


@router.post(
    "events/{slug}/sessions/",
    response={201: SessionDetailOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Add a session",
)
def create_session_endpoint(request: HttpRequest, slug: str, payload: SessionIn) -> Status[SessionDetailOut]:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    values, parts = _session_values(event, payload.model_dump())
    with transaction.atomic():  # the session and its speakers, or nothing
        session = create_session(event=event, by=user, **values)
        if parts is not None:
            set_session_speakers(session=session, by=user, parts=parts)
    return Status(201, session_detail_out(session, event_slug=event.slug))


@router.patch(
    "events/{slug}/sessions/{session_slug}/",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Change a session",
)
def update_session_endpoint(
    request: HttpRequest, slug: str, session_slug: str, payload: SessionPatch
) -> SessionDetailOut:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=user))
    values, parts = _session_values(event, payload.model_dump(exclude_unset=True))
    with transaction.atomic():
        session = update_session(session=session, by=user, **values)
        if parts is not None:
            set_session_speakers(session=session, by=user, parts=parts)
    return session_detail_out(session, event_slug=event.slug)


@router.delete(
    "events/{slug}/sessions/{session_slug}/",
    response={204: None, **WRITE_ERRORS},
    auth=django_auth,
    summary="Delete a session",
)
def delete_session_endpoint(request: HttpRequest, slug: str, session_slug: str) -> Status[None]:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=user))
    delete_session(session=session, by=user)
    return Status(204, None)
