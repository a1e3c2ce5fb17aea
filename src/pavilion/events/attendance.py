"""Attendance over time: how many people followed each session's live page, minute by minute.

The live gateway counts viewers per ``session:<id>`` topic; once a minute each server process hands
its own counts to ``keep_sample`` (registered in events/live.py). A minute's attendance is the sum
over processes, and a session's peak concurrency the largest minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum

from pavilion.events.models import Event, Session, SessionAttendance


@dataclass(frozen=True)
class SessionPeak:
    session: Session
    peak: int
    minutes: int  # minutes with at least one viewer


def keep_sample(counts: dict[int, int], minute: datetime, process: str) -> None:
    """Store one process's viewers per session for ``minute`` (a repeated sample replaces the first)."""
    existing = set(Session.objects.filter(pk__in=counts).values_list("pk", flat=True))
    samples = [
        SessionAttendance(session_id=key, minute=minute, process=process, viewers=viewers)
        for key, viewers in counts.items()
        if key in existing and viewers > 0
    ]
    SessionAttendance.objects.bulk_create(
        samples,
        update_conflicts=True,
        unique_fields=["session", "minute", "process"],
        update_fields=["viewers"],
    )


def attendance_series(*, session: Session) -> list[tuple[datetime, int]]:
    """(minute, viewers) for every sampled minute of the session, oldest first."""
    rows = (
        SessionAttendance.objects.filter(session=session)
        .values("minute")
        .annotate(viewers=Sum("viewers"))
        .order_by("minute")
    )
    return [(row["minute"], int(row["viewers"])) for row in rows]


def peaks(*, event: Event) -> list[SessionPeak]:
    """Each session of the event with its peak concurrency, largest first (sessions never followed: 0)."""
    per_minute = (
        SessionAttendance.objects.filter(session__event=event)
        .values("session_id", "minute")
        .annotate(viewers=Sum("viewers"))
    )
    peak: dict[int, int] = {}
    minutes: dict[int, int] = {}
    for row in per_minute:
        peak[row["session_id"]] = max(peak.get(row["session_id"], 0), int(row["viewers"]))
        minutes[row["session_id"]] = minutes.get(row["session_id"], 0) + 1
    sessions = Session.objects.filter(event=event).order_by("starts_at", "pk")
    result = [SessionPeak(session=s, peak=peak.get(s.pk, 0), minutes=minutes.get(s.pk, 0)) for s in sessions]
    return sorted(result, key=lambda item: -item.peak)
