"""Time zones: validation and the viewer's zone."""

from __future__ import annotations

import zoneinfo
from functools import cache

VIEWER_TIMEZONE_COOKIE = "pavilion_tz"


@cache
def all_timezones() -> list[str]:
    """IANA time-zone names, sorted, for choice fields."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def is_valid_timezone(name: str) -> bool:
    return name in set(all_timezones())


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in all_timezones()]
