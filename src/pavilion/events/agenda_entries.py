"""What other apps add to a person's agenda besides bookmarked sessions (meetings, say).

An app registers a source in its AppConfig.ready (``@agenda_source("meetings")``); the agenda page
lists every source's entries for the event and the personal calendar feeds write them as VEVENTs,
so the events app never learns what a meeting is. Entries are built in the current language, for one
reader, and only ever hold what that reader may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pavilion.accounts.models import User
from pavilion.events.models import Event


@dataclass(frozen=True)
class AgendaEntry:
    uid: str  # unique and stable across feeds: "<kind>-<id>@pavilion"
    event_id: int
    starts_at: datetime  # aware
    ends_at: datetime
    title: str
    description: str = ""
    location: str = ""
    url: str = ""  # absolute, or a path on this site
    kind_label: str = ""  # shown beside the title ("Meeting")


#: (the reader, an event or None for every event) → the reader's entries, texts in the current language.
AgendaSource = Callable[[User, Event | None], list[AgendaEntry]]
_sources: dict[str, AgendaSource] = {}


def agenda_source(name: str) -> Callable[[AgendaSource], AgendaSource]:
    """Decorator: add (or replace, by ``name``) a source of agenda entries."""

    def register(source: AgendaSource) -> AgendaSource:
        _sources[name] = source
        return source

    return register


def agenda_entries(*, user: User, event: Event | None = None) -> list[AgendaEntry]:
    """Every source's entries for the person (of one event, or of all), by start time."""
    entries = [entry for name in sorted(_sources) for entry in _sources[name](user, event)]
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))
