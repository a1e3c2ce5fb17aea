"""E-mails about meetings, in each recipient's language, through Django's mail backend."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, translation

from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User
from pavilion.core.timezones import canonical_timezone, is_valid_timezone, zone_label


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
    """One plain-text e-mail in the recipient's language; the template's first line is the subject."""
    language = language_of(to)
    with translation.override(language):
        text = render_to_string(template, {**context, "language": language, "site_url": settings.PAVILION_SITE_URL})
    subject, _blank, body = text.strip().partition("\n")
    message = EmailMessage(f"[Pavilion] {subject.strip()}", body.strip() + "\n", None, [to.email])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
