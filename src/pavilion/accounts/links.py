"""Links to a person's own pages in other apps ("My booths", "My contacts and meetings"), shown on
the profile. Each app adds its links with ``profile_links`` (in its ``links.py``, imported when
Django starts); the accounts app knows nothing of booths or meetings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pavilion.accounts.models import User


@dataclass(frozen=True)
class ProfileLink:
    label: str
    url: str
    #: What the link is about, e.g. the event's name; shown after the label.
    context: str = ""


LinkSource = Callable[[User], list[ProfileLink]]
_sources: list[LinkSource] = []


def profile_links(source: LinkSource) -> LinkSource:
    """Decorator: ``source(user)`` returns links to that person's pages in one app."""
    if source not in _sources:
        _sources.append(source)
    return source


def links_for(*, user: User) -> list[ProfileLink]:
    """Every app's links for this person, in the order the apps registered."""
    return [link for source in _sources for link in source(user)]
