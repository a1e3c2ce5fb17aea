"""E-mails about meetings, in each recipient's language, through Django's mail backend."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.utils import formats

from pavilion.accounts.models import User
from pavilion.core.timezones import canonical_timezone, is_valid_timezone, zone_label
from pavilion.events.mail import send_event_mail


def time_text(value: datetime, zones: Iterable[str]) -> str:
    """The date and time in each zone (the event's first), each labelled: "20 October 2020, 14:00 (Hanoi, UTC+7)"."""
    parts = []
    for name in dict.fromkeys(canonical_timezone(zone) for zone in zones if zone and is_valid_timezone(zone)):
        local = value.astimezone(zoneinfo.ZoneInfo(name))
        parts.append(f"{formats.date_format(local, 'DATE_FORMAT')}, {local:%H:%M} ({zone_label(name, value)})")
    return " · ".join(parts)


def send_meeting_mail(
    *, to: User, template: str, context: Mapping[str, object], attachments: Iterable[tuple[str, bytes, str]] = ()
) -> None:
    """One e-mail in the recipient's language, in the event's colours (events/mail.py)."""
    send_event_mail(to=to, template=template, context=context, attachments=attachments)
