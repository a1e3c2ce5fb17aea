"""Time zones: validation and the viewer's zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from functools import cache
from urllib.parse import unquote

VIEWER_TIMEZONE_COOKIE = "pavilion_tz"


@cache
def all_timezones() -> list[str]:
    """IANA time-zone names, sorted, for choice fields."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def is_valid_timezone(name: str) -> bool:
    return name in set(all_timezones())


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in all_timezones()]


def viewer_timezone_from(cookies: Mapping[str, str]) -> str:
    """The viewer's zone from the browser's cookie, or "" when absent or not a known zone.

    Older scripts wrote the name URL-encoded (Europe%2FZurich); both spellings are read.
    """
    zone = unquote(cookies.get(VIEWER_TIMEZONE_COOKIE, ""))
    return zone if is_valid_timezone(zone) else ""
