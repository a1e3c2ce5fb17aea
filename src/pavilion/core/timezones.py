"""Time zones: validation, canonical names, labels people read, and the viewer's zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import cache, lru_cache
from urllib.parse import unquote

from asgiref.local import Local
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django.utils import timezone, translation

VIEWER_TIMEZONE_COOKIE = "pavilion_tz"
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"})
_viewer = Local()


@cache
def all_timezones() -> list[str]:
    """IANA time-zone names, sorted, for choice fields."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


@cache
def _known() -> frozenset[str]:
    return frozenset(all_timezones())


def is_valid_timezone(name: str) -> bool:
    return name in _known()


def canonical_timezone(name: str) -> str:
    """The current IANA name of a zone: browsers still report old links such as Asia/Saigon or
    Asia/Calcutta, which must count as the same zone as Asia/Ho_Chi_Minh and Asia/Kolkata."""
    if name in _UTC_NAMES:
        return "UTC"
    aliases: Mapping[str, str] = get_global("zone_aliases")
    return aliases.get(name, name)


@cache
def _cldr_keys(name: str) -> tuple[str, ...]:
    """The keys CLDR may file a zone under: CLDR keeps older names (Asia/Saigon) as its keys."""
    aliases: Mapping[str, str] = get_global("zone_aliases")
    return (name, *sorted(alias for alias, target in aliases.items() if target == name))


def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def zone_city(name: str, language: str | None = None) -> str:
    """The zone's exemplar city in the given (default: current) UI language, e.g. "TP Hồ Chí Minh"."""
    name = canonical_timezone(name)
    if name == "UTC":
        return "UTC"
    zones = _babel_locale(language or translation.get_language() or "en").time_zones
    for key in _cldr_keys(name):
        city = zones.get(key, {}).get("city")
        if city:
            return str(city)
    return name.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset_label(name: str, at: datetime | None = None) -> str:
    """The zone's offset from UTC at a moment (default: now), e.g. "UTC+7", "UTC+5:30", "UTC-4"."""
    moment = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(canonical_timezone(name)))
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(name: str, at: datetime | None = None, language: str | None = None, *, inline: bool = False) -> str:
    """A zone as people read it, in the UI language: "Ho Chi Minh City (UTC+7)", "UTC".

    ``inline`` gives "Ho Chi Minh City, UTC+7" for text that is already in parentheses.
    """
    city = zone_city(name, language)
    offset = utc_offset_label(name, at)
    if city == "UTC":
        return offset
    return f"{city}, {offset}" if inline else f"{city} ({offset})"


def timezone_choices() -> list[tuple[str, str]]:
    """Time zones to choose from, as people read them in the UI language ("Ho Chi Minh City
    (UTC+7)"), ordered by their offset now. Only current names of places: an old link such as
    Asia/Saigon would list one zone twice, and Etc/GMT+7 is UTC-7.

    Labelling some 340 zones takes tens of milliseconds, so the list is kept per language for ten
    minutes of the clock (an offset that changes shows within ten minutes)."""
    now = timezone.now()
    ten_minutes = now.replace(minute=now.minute - now.minute % 10, second=0, microsecond=0)
    return list(_timezone_choices(translation.get_language() or "", ten_minutes))


@lru_cache(maxsize=32)
def _timezone_choices(language: str, now: datetime) -> tuple[tuple[str, str], ...]:
    """timezone_choices at ``now`` in ``language``, the active language (a key of the cache)."""
    zones = [
        name
        for name in all_timezones()
        if "/" in name and not name.startswith("Etc/") and canonical_timezone(name) == name
    ]
    offsets = {name: now.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or timedelta(0) for name in zones}
    labelled = sorted((offsets[name], zone_label(name, now), name) for name in zones)
    return (("UTC", "UTC"), *((name, label) for _offset, label, name in labelled))


def viewer_timezone_from(cookies: Mapping[str, str]) -> str:
    """The viewer's zone from the browser's cookie (canonical name), or "" when absent or unknown.

    Older scripts wrote the name URL-encoded (Europe%2FZurich); both spellings are read.
    """
    zone = unquote(cookies.get(VIEWER_TIMEZONE_COOKIE, ""))
    return canonical_timezone(zone) if is_valid_timezone(zone) else ""


def set_viewer_timezone(name: str) -> None:
    """Remember the viewer's zone for this request ("" while the browser has not told it yet)."""
    _viewer.name = name


def viewer_timezone() -> str:
    """The viewer's zone for this request (canonical name), or "" when not known."""
    return str(getattr(_viewer, "name", ""))
