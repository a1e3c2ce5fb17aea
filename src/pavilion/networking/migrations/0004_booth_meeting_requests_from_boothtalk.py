"""Carry boothtalk's meeting requests over to networking's meetings, with their proposed times.

Each ``boothtalk.MeetingRequest`` becomes a booth meeting at times of its own: the visitor is the
requester, the topic the reason, the duration the length; status, agreed start, the booth's note,
who answered and when, and the time of the request are kept as they were; each proposed time
becomes a ``ProposedTime``. Run once, before boothtalk's tables are dropped (boothtalk 0002).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def carry_over(apps: Any, schema_editor: Any) -> None:
    MeetingRequest = apps.get_model("boothtalk", "MeetingRequest")
    Meeting = apps.get_model("networking", "Meeting")
    ProposedTime = apps.get_model("networking", "ProposedTime")
    requests = MeetingRequest.objects.select_related("booth").prefetch_related("slots").order_by("pk")
    for old in requests.iterator(chunk_size=500):
        meeting = Meeting.objects.create(
            event_id=old.booth.event_id,
            booth_id=old.booth_id,
            requester_id=old.visitor_id,
            reason=old.topic,
            status=old.status,
            length=old.duration,
            time_zone=old.time_zone,
            starts_at=old.scheduled_at,
            note=old.decision_note,
            decided_by_id=old.decided_by_id,
            decided_at=old.decided_at,
        )
        # ``auto_now_add`` stamped the copy with today; the request keeps the time it was sent.
        Meeting.objects.filter(pk=meeting.pk).update(created_at=old.created_at)
        ProposedTime.objects.bulk_create(
            [ProposedTime(meeting=meeting, starts_at=slot.starts_at) for slot in old.slots.all()]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("networking", "0003_meetings_at_own_times"),
        ("boothtalk", "0001_initial"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
