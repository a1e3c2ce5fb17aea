"""Attendee pages: the schedule (by day, by room, as a list), sessions, speakers and the personal agenda.

Every page asks ``events.access`` what the viewer may see; a session they may not see does not exist
for them (404, never 403, never counted, never offered as a filter).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.models import User
from pavilion.core.public_cache import remember
from pavilion.events.access import Viewer, get_visible_event, get_visible_session, viewer_for, visible_sessions
from pavilion.events.models import (
    AgendaItem,
    Event,
    InterpretationChannel,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    Speaker,
)
from pavilion.events.services import (
    add_to_agenda,
    agenda_sessions,
    calendar_token_for,
    group_by_day,
    published_events,
    remove_from_agenda,
    reset_calendar_token,
    schedule_queryset,
    schedule_version,
)

SCHEDULE_VIEWS = ("day", "rooms", "list")
#: GET parameter → ScheduleFilters field.
FILTER_PARAMETERS = {"theme": "theme", "type": "kind", "subgroup": "subgroup", "language": "language"}
#: Anonymous schedule fragments live this long at most; a schedule change makes them unreachable at once.
SCHEDULE_CACHE_SECONDS = 600
#: A session's stage opens this long before it starts, so people can settle in.
STAGE_OPENS_BEFORE = timedelta(minutes=15)
_PARAMETER_VALUE = re.compile(r"[^\x00-\x1f\x7f]{1,80}")


def _account(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


# --- Languages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    """A language code with its name in the UI language and in itself."""

    code: str
    name: str
    native_name: str


def language(code: str) -> Language:
    """Names for a language code; a code Django does not know is shown as it is rather than failing."""
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return Language(code=code, name=code, native_name=code)
    return Language(code=code, name=info["name_translated"], native_name=info["name_local"])


# --- Schedule filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str


@dataclass(frozen=True)
class FilterChoices:
    """What the viewer can filter by: only values found among the sessions they may see."""

    themes: list[FilterOption]
    kinds: list[FilterOption]
    subgroups: list[FilterOption]
    languages: list[FilterOption]

    def allows(self, field: str, value: str) -> bool:
        options = {"theme": self.themes, "kind": self.kinds, "subgroup": self.subgroups, "language": self.languages}
        return any(option.value == value for option in options[field])


def filter_choices(sessions: list[Session]) -> FilterChoices:
    """The themes, types, sub-groups and languages of these sessions, in a stable order."""
    themes = {session.track.slug: str(session.track.name) for session in sessions if session.track}
    subgroups = {session.subgroup.code: str(session.subgroup) for session in sessions if session.subgroup}
    kinds = {session.kind for session in sessions}
    codes = {code for session in sessions for code in session.languages}
    ui_order = [code for code, _name in settings.LANGUAGES]
    return FilterChoices(
        themes=[FilterOption(slug, name) for slug, name in sorted(themes.items(), key=lambda item: item[1].lower())],
        kinds=[FilterOption(kind.value, str(kind.label)) for kind in SessionKind if kind.value in kinds],
        subgroups=[FilterOption(code, label) for code, label in sorted(subgroups.items())],
        languages=[
            FilterOption(code, language(code).name)
            for code in sorted(codes, key=lambda code: (ui_order.index(code) if code in ui_order else 99, code))
        ],
    )


@dataclass(frozen=True)
class ScheduleFilters:
    """The schedule's view and filters; empty strings mean "all"."""

    view: str = "day"
    theme: str = ""
    kind: str = ""
    subgroup: str = ""
    language: str = ""

    @classmethod
    def requested(cls, params: QueryDict) -> ScheduleFilters:
        """What the query string asks for, with unknown parameters and malformed values dropped."""
        view = params.get("view", "")
        values: dict[str, str] = {}
        for parameter, field in FILTER_PARAMETERS.items():
            value = params.get(parameter, "").strip()
            if _PARAMETER_VALUE.fullmatch(value):
                values[field] = value
        return cls(view=view if view in SCHEDULE_VIEWS else "day", **values)

    def within(self, choices: FilterChoices) -> ScheduleFilters:
        """These filters without values the viewer cannot choose (they are ignored, like a stale link)."""
        kept = {field: getattr(self, field) for field in FILTER_PARAMETERS.values()}
        return ScheduleFilters(
            view=self.view, **{field: value for field, value in kept.items() if choices.allows(field, value)}
        )

    @property
    def is_active(self) -> bool:
        return any(getattr(self, field) for field in FILTER_PARAMETERS.values())

    def matches(self, session: Session) -> bool:
        return (
            (not self.theme or (session.track is not None and session.track.slug == self.theme))
            and (not self.kind or session.kind == self.kind)
            and (not self.subgroup or (session.subgroup is not None and session.subgroup.code == self.subgroup))
            and (not self.language or self.language in session.languages)
        )

    def query(self, *, view: str | None = None, filters: bool = True) -> str:
        """The query string for these filters, e.g. to switch view while keeping them."""
        values = {"view": view or self.view}
        if filters:
            values |= {parameter: getattr(self, field) for parameter, field in FILTER_PARAMETERS.items()}
        return "?" + urlencode({name: value for name, value in values.items() if value})


# --- Schedule layouts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEntry:
    """A session as the schedule shows it, with its languages named."""

    session: Session
    languages: list[Language]


@dataclass(frozen=True)
class EntryDay:
    day: date
    entries: list[ScheduleEntry]


@dataclass(frozen=True)
class RoomGridRow:
    """One time slot: the sessions starting then, one cell per room column."""

    starts_at: datetime
    cells: list[list[ScheduleEntry]]


@dataclass(frozen=True)
class RoomGridDay:
    day: date
    rooms: list[Room | None]  # None: sessions without a room
    rows: list[RoomGridRow]


def _entry(session: Session) -> ScheduleEntry:
    return ScheduleEntry(session=session, languages=[language(code) for code in session.languages])


def entry_days(*, event: Event, entries: list[ScheduleEntry]) -> list[EntryDay]:
    by_pk = {entry.session.pk: entry for entry in entries}
    days = group_by_day(event=event, sessions=[entry.session for entry in entries])
    return [EntryDay(day=day.day, entries=[by_pk[session.pk] for session in day.sessions]) for day in days]


def room_grid(*, event: Event, entries: list[ScheduleEntry]) -> list[RoomGridDay]:
    """A table per day in the event's time zone: the day's rooms as columns, start times as rows."""
    grid: list[RoomGridDay] = []
    for day in entry_days(event=event, entries=entries):
        rooms = {room for entry in day.entries if (room := entry.session.room) is not None}
        columns: list[Room | None] = [*sorted(rooms, key=lambda room: (room.position, room.slug))]
        if any(entry.session.room is None for entry in day.entries):
            columns.append(None)
        column_of = {(room.pk if room else None): index for index, room in enumerate(columns)}
        rows: dict[datetime, list[list[ScheduleEntry]]] = {}
        for entry in day.entries:  # in time order
            cells = rows.setdefault(entry.session.starts_at, [[] for _column in columns])
            cells[column_of[entry.session.room_id]].append(entry)
        grid.append(
            RoomGridDay(
                day=day.day,
                rooms=columns,
                rows=[RoomGridRow(starts_at=starts_at, cells=cells) for starts_at, cells in rows.items()],
            )
        )
    return grid


# --- Pages --------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The front page: every published event."""
    events = published_events().prefetch_related("organisers")
    return render(request, "events/home.html", {"events": events})


def schedule_cache_key(*, event: Event, filters: ScheduleFilters) -> str:
    """Where the anonymous schedule of an event lives in the cache.

    Everything the fragment depends on is in the key: the schedule's version (bumped by every change),
    the UI language, the viewer's time zone (times are shown in it) and the normalised query string
    (so junk parameters cannot fill the cache with copies).
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    varies = f"{language}|{timezone.get_current_timezone_name()}|{filters.query()}"
    digest = hashlib.sha256(varies.encode()).hexdigest()[:32]
    return f"schedule-page:{event.pk}:{schedule_version(event.pk)}:{language}:{digest}"


def _render_schedule(*, event: Event, viewer: Viewer, requested: ScheduleFilters) -> str:
    """The schedule part of the event page. Rendered without the request, so it holds no per-user data
    (no CSRF token, no account) and the anonymous copy can be shared by every anonymous visitor."""
    sessions = list(schedule_queryset(visible_sessions(event=event, viewer=viewer)))
    choices = filter_choices(sessions)
    filters = requested.within(choices)
    entries = [_entry(session) for session in sessions if filters.matches(session)]
    context = {
        "event": event,
        "is_organiser": viewer.is_organiser,
        "has_sessions": bool(sessions),
        "choices": choices,
        "filters": filters,
        "view_links": [(view, filters.query(view=view)) for view in SCHEDULE_VIEWS],
        "clear_filters": filters.query(filters=False),
        "count": len(entries),
        "entries": entries,
        "days": entry_days(event=event, entries=entries) if filters.view == "day" else [],
        "grid": room_grid(event=event, entries=entries) if filters.view == "rooms" else [],
    }
    return render_to_string("events/_schedule.html", context)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's schedule by day, by room or as a list, filtered, in the event's and the viewer's zones.

    Anonymous visitors share a cached copy of the schedule; signed-in people may see more and are
    never served from it.
    """
    event = get_visible_event(slug=slug, user=request.user)
    requested = ScheduleFilters.requested(request.GET)
    if _account(request) is not None:
        schedule = _render_schedule(event=event, viewer=viewer_for(event=event, user=request.user), requested=requested)
    else:
        key = schedule_cache_key(event=event, filters=requested)
        schedule = cache.get(key)
        if schedule is None:
            schedule = _render_schedule(event=event, viewer=viewer_for(event=event, user=None), requested=requested)
            cache.set(key, schedule, SCHEDULE_CACHE_SECONDS)
    # Our own template's output, escaped when it was rendered.
    context = {"event": event, "schedule": mark_safe(schedule)}  # noqa: S308
    response = render(request, "events/event_detail.html", context)
    remember(request=request, response=response, event_id=event.pk)  # replayed by the ASGI router
    return response


@dataclass(frozen=True)
class Stage:
    """What a session page shows of the room's stream at this moment."""

    is_open: bool  # from STAGE_OPENS_BEFORE the start until the end
    has_ended: bool
    stream_url: str  # only while open
    is_hls: bool
    interpretation: list[tuple[InterpretationChannel, Language]]


def stage_for(*, session: Session, now: datetime) -> Stage:
    is_open = session.starts_at - STAGE_OPENS_BEFORE <= now < session.ends_at
    room = session.room
    stream_url = room.stream_url if is_open and room is not None else ""
    channels = list(room.interpretation_channels.all()) if is_open and room is not None else []
    return Stage(
        is_open=is_open,
        has_ended=now >= session.ends_at,
        stream_url=stream_url,
        is_hls=urlsplit(stream_url).path.lower().endswith(".m3u8"),
        interpretation=[(channel, language(channel.language)) for channel in channels],
    )


def session_detail(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """A session: when and where, who speaks, the stage with its stream and interpretation."""
    event = get_visible_event(slug=slug, user=request.user)
    viewer = viewer_for(event=event, user=request.user)
    # visible_sessions, not get_visible_session, so the page's relations load in a fixed number of queries.
    sessions = schedule_queryset(visible_sessions(event=event, viewer=viewer)).prefetch_related(
        "room__interpretation_channels"
    )
    session = get_object_or_404(sessions, slug=session_slug)
    account = _account(request)
    in_agenda = account is not None and AgendaItem.objects.filter(user=account, session=session).exists()
    context = {
        "event": event,
        "session": session,
        "entry": _entry(session),
        "stage": stage_for(session=session, now=timezone.now()),
        "in_agenda": in_agenda,
    }
    return render(request, "events/session_detail.html", context)


def speakers(request: HttpRequest, slug: str) -> HttpResponse:
    """The speakers of the sessions this viewer may see, each with those sessions only."""
    event = get_visible_event(slug=slug, user=request.user)
    sessions = visible_sessions(event=event, viewer=viewer_for(event=event, user=request.user))
    parts = SessionSpeaker.objects.filter(session__in=sessions).select_related("session").order_by("session__starts_at")
    people = (
        Speaker.objects.filter(event=event, session_speakers__session__in=sessions)
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("session_speakers", queryset=parts, to_attr="visible_parts"))
    )
    return render(request, "events/speakers.html", {"event": event, "speakers": people})


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure())
    return candidate if candidate and allowed else default


@require_POST
def agenda_add(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """Bookmark a session the viewer may see."""
    return _change_agenda(request, slug, session_slug, add=True)


@require_POST
def agenda_remove(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """Take a session out of the viewer's agenda."""
    return _change_agenda(request, slug, session_slug, add=False)


def _change_agenda(request: HttpRequest, slug: str, session_slug: str, *, add: bool) -> HttpResponse:
    event = get_visible_event(slug=slug, user=request.user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=request.user))
    session_url = reverse("events:session", kwargs={"slug": event.slug, "session_slug": session.slug})
    account = _account(request)
    if account is None:
        return redirect_to_login(session_url)
    if add:
        add_to_agenda(user=account, session=session)
        messages.success(request, _("Added to your agenda."))
    else:
        remove_from_agenda(user=account, session=session)
        messages.success(request, _("Removed from your agenda."))
    return redirect(_safe_next(request, session_url))


def _feed_address(request: HttpRequest, name: str, **kwargs: str) -> str:
    """The absolute address of a calendar feed, or "" while the calendar app does not offer it."""
    try:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))
    except NoReverseMatch:
        return ""


def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's bookmarked sessions of this event and their personal calendar addresses."""
    account = _account(request)
    if account is None:
        return redirect_to_login(request.get_full_path())
    event = get_visible_event(slug=slug, user=account)
    sessions = agenda_sessions(user=account, event=event)
    prefetch_related_objects(
        sessions,
        "room",
        "track",
        "subgroup",
        Prefetch("session_speakers", queryset=SessionSpeaker.objects.select_related("speaker")),
    )
    token = calendar_token_for(user=account)
    context = {
        "event": event,
        "days": entry_days(event=event, entries=[_entry(session) for session in sessions]),
        "count": len(sessions),
        "agenda_feed": _feed_address(request, "calendar:agenda_feed", token=token),
        "event_feed": _feed_address(request, "calendar:personal_event_feed", token=token, slug=event.slug),
    }
    return render(request, "events/agenda.html", context)


@require_POST
def agenda_reset_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Replace the viewer's calendar addresses; the old ones stop working at once."""
    event = get_visible_event(slug=slug, user=request.user)
    agenda_url = reverse("events:agenda", kwargs={"slug": event.slug})
    account = _account(request)
    if account is None:
        return redirect_to_login(agenda_url)
    reset_calendar_token(user=account)
    messages.success(
        request,
        _(
            "Your calendar addresses have been reset. The old addresses no longer work: "
            "subscribe again with the new ones below."
        ),
    )
    return redirect(agenda_url)
