"""How attendees read a schedule: filters, views by day and by room, and the stage of a session.

Pure functions over sessions already loaded (see services.schedule_queryset), so the pages and their
cache share one definition of what a filter or a room grid means."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone, translation

from pavilion.core.navigation import EVENT_PAGES, nav_links
from pavilion.core.public_cache import public_version
from pavilion.events.access import Viewer, visible_sessions
from pavilion.events.models import (
    VIDEO_SUFFIXES,
    Event,
    InterpretationChannel,
    Room,
    Session,
    SessionKind,
)
from pavilion.events.services import (
    group_by_day,
)

SCHEDULE_VIEWS = ("day", "rooms", "list")
#: GET parameter → ScheduleFilters field.
FILTER_PARAMETERS = {"theme": "theme", "type": "kind", "subgroup": "subgroup", "language": "language"}
#: Anonymous schedule fragments live this long at most; a schedule change makes them unreachable at once.
SCHEDULE_CACHE_SECONDS = 600
#: A session's stage opens this long before it starts, so people can settle in.
STAGE_OPENS_BEFORE = timedelta(minutes=15)
_PARAMETER_VALUE = re.compile(r"[^\x00-\x1f\x7f]{1,80}")


@dataclass(frozen=True)
class Language:
    """A language code with its name in the UI language and in itself."""

    code: str
    name: str
    native_name: str


def language(code: str) -> Language:
    """Names for a language code; a code Django does not know is shown as it is rather than failing.

    A UI language is named from settings.LANGUAGES (our own translations), other codes from Django's.
    """
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return Language(code=code, name=code, native_name=code)
    name = dict(settings.LANGUAGES).get(code, info["name_translated"])
    return Language(code=code, name=str(name), native_name=info["name_local"])


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


def schedule_entry(session: Session) -> ScheduleEntry:
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


def schedule_cache_key(*, event: Event, filters: ScheduleFilters, viewer_variant: str = "") -> str:
    """Where a rendered schedule of an event lives in the cache.

    Everything the fragment depends on is in the key: the schedule's version (bumped by every change),
    the UI language, the viewer's time zone (times are shown in it), the normalised query string
    (so junk parameters cannot fill the cache with copies) and, for signed-in people, what makes
    their copy differ from another's (``viewer_variant``: the sessions they may see and their menu;
    empty for the anonymous copy).
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    varies = f"{language}|{timezone.get_current_timezone_name()}|{filters.query()}|{viewer_variant}"
    digest = hashlib.sha256(varies.encode()).hexdigest()[:32]
    return f"schedule-page:{event.pk}:{public_version(event.pk)}:{language}:{digest}"


def schedule_variant(*, event: Event, viewer: Viewer) -> str:
    """What a signed-in person's schedule depends on beyond the event's version: whether they organise
    it, which sessions they may see (their access level and invitations, which change without a new
    version) and which pages their menu lists. People alike in all three share one rendered copy."""
    visible = visible_sessions(event=event, viewer=viewer).order_by("pk").values_list("pk", flat=True)
    menu = nav_links(EVENT_PAGES, slug=event.slug, current="schedule", event=event, user=viewer.user)
    return f"{int(viewer.is_organiser)}|{','.join(map(str, visible))}|{' '.join(link.url for link in menu)}"


@dataclass(frozen=True)
class Stage:
    """What a session page shows of the room's stream at this moment."""

    is_open: bool  # from STAGE_OPENS_BEFORE the start until the end
    has_ended: bool
    stream_url: str  # only while open
    is_hls: bool  # played by the browser in <video> (HLS, WebM or MP4), not embedded as another site's player
    interpretation: list[tuple[InterpretationChannel, Language]]
    caption_tracks: list[tuple[str, Language]]  # (WebVTT address, language) of a video the browser plays


def stage_for(*, session: Session, now: datetime) -> Stage:
    is_open = session.starts_at - STAGE_OPENS_BEFORE <= now < session.ends_at
    room = session.room
    stream_url = room.stream_url if is_open and room is not None else ""
    channels = list(room.interpretation_channels.all()) if is_open and room is not None else []
    is_video = urlsplit(stream_url).path.lower().endswith(VIDEO_SUFFIXES)
    tracks = sorted(room.caption_tracks.items()) if is_video and room is not None else []
    return Stage(
        is_open=is_open,
        has_ended=now >= session.ends_at,
        stream_url=stream_url,
        is_hls=is_video,
        interpretation=[(channel, language(channel.language)) for channel in channels],
        caption_tracks=[(address, language(code)) for code, address in tracks],
    )
