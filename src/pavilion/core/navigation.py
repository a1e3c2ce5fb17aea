"""Navigation menus that apps fill: an event's pages for attendees, the organiser area's sections.

Each app adds its own entries in its AppConfig.ready (``add_nav_entry``), as it adds session panels
(``events.panels``) and live topics (``live.registry``); the menus' templates render whatever is
registered, so nothing below an app learns its URLs. Menus in use:

- ``EVENT_PAGES``: the attendee pages of an event (``events/_event_nav.html``);
- ``ORGANISER_PAGES``: the sections of the organiser area for one event (``organising/_event_nav.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

EVENT_PAGES = "event"
ORGANISER_PAGES = "organiser"

#: Whether an entry shows for this event and person (``None``: signed out, or no request in reach).
Visibility = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class NavEntry:
    section: str  # what a page names to mark its entry current
    label: str | Promise
    url_name: str  # reversed with the event's slug
    order: int
    slug_kwarg: str = "slug"
    visible: Visibility | None = None


@dataclass(frozen=True)
class NavLink:
    """One entry of a menu as a template shows it."""

    label: str
    url: str
    is_current: bool


_menus: dict[str, dict[str, NavEntry]] = {}


def add_nav_entry(
    menu: str,
    section: str,
    *,
    label: str | Promise,
    url_name: str,
    order: int,
    slug_kwarg: str = "slug",
    visible: Visibility | None = None,
) -> None:
    """Add (or replace, by ``section``) an entry of ``menu``: a link to ``url_name`` for the event."""
    entry = NavEntry(
        section=section, label=label, url_name=url_name, order=order, slug_kwarg=slug_kwarg, visible=visible
    )
    _menus.setdefault(menu, {})[section] = entry


def nav_entries(menu: str) -> list[NavEntry]:
    """The entries of ``menu``, in order."""
    return sorted(_menus.get(menu, {}).values(), key=lambda entry: (entry.order, entry.section))


def nav_links(menu: str, *, slug: str, current: str, event: Any = None, user: Any = None) -> list[NavLink]:
    """The links of ``menu`` for one event, the ``current`` section marked; hidden entries left out."""
    return [
        NavLink(
            label=str(entry.label),
            url=reverse(entry.url_name, kwargs={entry.slug_kwarg: slug}),
            is_current=entry.section == current,
        )
        for entry in nav_entries(menu)
        if entry.visible is None or entry.visible(event, user)
    ]


# --- The organiser area's pages of each app ----------------------------------------------------------

_manage_pages: dict[str, str] = {}


def add_manage_pages(prefix: str, urlconf: str) -> None:
    """Serve ``urlconf`` (a module path with its own ``app_name``) at ``/<lang>/manage/<event slug>/<prefix>``."""
    _manage_pages[prefix] = urlconf


def manage_pages() -> list[tuple[str, str]]:
    """(prefix, urlconf) of every app's organiser pages, by prefix."""
    return sorted(_manage_pages.items())
