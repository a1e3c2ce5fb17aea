"""The events part of the JSON API: events, sessions, speakers, personal agendas and organisers' writes.

Thin adapters: what a caller may see comes from ``pavilion.events.access`` and every write goes
through ``pavilion.events.organising`` or the agenda services, so a rule holds whichever door a
request came through. Translated fields travel as objects ``{language: text}``; times are ISO 8601
in UTC and each event carries its time zone.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

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
    RegisteredAccess,
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
from pavilion.events.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    EventDetailOut,
    EventOut,
    ScheduleOut,
    SessionDetailOut,
    SessionOut,
    SpeakerOut,
    SpeakerPartOut,
    Translations,
    cached_for_anonymous,
    current_user,
    dump_json,
    event_detail_out,
    event_out,
    one_of,
    session_detail_out,
    session_out,
    signed_in,
    translations,
    translations_in,
    with_channels,
)
from pavilion.events.services import (
    add_to_agenda,
    agenda_sessions,
    remove_from_agenda,
)

router = Router(tags=["events"])

# --- Reading ----------------------------------------------------------------------------------------


class SessionFilters(Schema):
    track: str | None = Field(None, description="A theme's slug.")
    kind: str | None = Field(None, description="A session type.", json_schema_extra=one_of(SessionKind.values))
    subgroup: str | None = Field(None, description="A sub-group's code.")
    language: str | None = Field(None, description="A language spoken or interpreted in the session.")


@router.get("events/", response=list[EventOut], summary="Events the caller may see")
def list_events(request: HttpRequest) -> list[EventOut]:
    """Published events, plus unpublished ones the caller organises; newest first."""
    events = visible_events(user=current_user(request)).prefetch_related("organising_bodies")
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
        loaded: Iterable[Session] = with_channels(sessions).order_by("starts_at", "slug")
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
    sessions = with_channels(Session.objects.filter(pk__in=bookmarked)).select_related("event")
    return [session_out(session, event_slug=session.event.slug) for session in sessions.order_by("starts_at", "slug")]


@router.post("me/agenda/", response={201: SessionOut, **WRITE_ERRORS}, auth=django_auth, summary="Bookmark a session")
def add_agenda_item(request: HttpRequest, payload: AgendaIn) -> Status[SessionOut]:
    user = signed_in(request)
    event = get_visible_event(slug=payload.event, user=user)
    session = get_visible_session(event=event, slug=payload.session, viewer=viewer_for(event=event, user=user))
    add_to_agenda(user=user, session=session)
    loaded = with_channels(Session.objects.filter(pk=session.pk)).get()
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


REGISTERED_ACCESS_DOC = (
    "Which approved registrations open the sessions for registered participants: 'approved' (only those a "
    "focal point or an organiser approved, or in a category that needs approval) or 'any' (also categories "
    "that need no approval, which makes such sessions open to anyone who signs up)."
)


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
    registered_access: str = Field(
        RegisteredAccess.APPROVED.value,
        description=REGISTERED_ACCESS_DOC,
        json_schema_extra=one_of(RegisteredAccess.values),
    )


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
    registered_access: str | None = Field(
        None, description=REGISTERED_ACCESS_DOC, json_schema_extra=one_of(RegisteredAccess.values)
    )


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
# In a PATCH, null clears these; any other field cannot be null (leave it out to keep its value).
EVENT_CLEARABLE = frozenset({"host"})
SESSION_CLEARABLE = frozenset({"room", "track", "subgroup", "speakers"})


def _refuse_nulls(values: dict[str, Any], *, clearable: frozenset[str]) -> None:
    """A 422 naming every field sent as null that has no empty value (instead of a database error)."""
    nulls = sorted(name for name, value in values.items() if value is None and name not in clearable)
    if nulls:
        raise ValidationError({name: _("This field cannot be null: leave it out to keep its value.") for name in nulls})


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
    event = create_event(by=signed_in(request), organising_bodies=organisers or [], **values)
    return Status(201, event_detail_out(event))


@router.patch(
    "events/{slug}/", response={200: EventDetailOut, **WRITE_ERRORS}, auth=django_auth, summary="Change an event"
)
def update_event_endpoint(request: HttpRequest, slug: str, payload: EventPatch) -> EventDetailOut:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    changes = payload.model_dump(exclude_unset=True)
    _refuse_nulls(changes, clearable=EVENT_CLEARABLE)
    values, organisers = _event_values(changes)
    event = update_event(event=event, by=user, organising_bodies=organisers, **values)
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
    changes = payload.model_dump(exclude_unset=True)
    _refuse_nulls(changes, clearable=SESSION_CLEARABLE)
    values, parts = _session_values(event, changes)
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
