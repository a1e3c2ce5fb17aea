"""Attendance over time: the gateway's presence samples, kept per minute and process, added up."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pavilion.events.attendance import attendance_series, keep_sample, peaks
from pavilion.events.models import SessionAttendance
from pavilion.live.auth import issue_ticket
from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import hub
from pavilion.live.registry import registry
from tests.factories import EventFactory, SessionFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import fresh_broker

NINE = datetime(2020, 10, 20, 2, 0, tzinfo=UTC)
NINE_ONE = datetime(2020, 10, 20, 2, 1, tzinfo=UTC)


@pytest.fixture
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


@pytest.mark.django_db
def test_samples_of_two_processes_add_up_and_a_repeated_sample_replaces_the_first() -> None:
    event = EventFactory.create()
    opening, forum, quiet = (SessionFactory.create(event=event) for _ in range(3))
    keep_sample({opening.pk: 40, forum.pk: 3}, NINE, "process-a")
    keep_sample({opening.pk: 25}, NINE, "process-b")
    keep_sample({opening.pk: 30, quiet.pk: 0}, NINE_ONE, "process-a")
    keep_sample({opening.pk: 31}, NINE_ONE, "process-a")  # the same minute again: replaced
    keep_sample({999_999: 5}, NINE, "process-a")  # a session deleted meanwhile: ignored
    assert attendance_series(session=opening) == [(NINE, 65), (NINE_ONE, 31)]
    assert attendance_series(session=quiet) == []
    assert [(item.session, item.peak, item.minutes) for item in peaks(event=event)] == [
        (opening, 65, 2),
        (forum, 3, 1),
        (quiet, 0, 0),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_gateway_samples_each_session_s_viewers(broker: MemoryBroker) -> None:
    session = SessionFactory.create()
    lan = UserFactory.create()
    tickets = [f"token={issue_ticket(lan)}".encode() for _tab in range(2)]  # one socket each

    async def scenario() -> None:
        tabs = [LiveClient(query=ticket) for ticket in tickets]
        anonymous = LiveClient()
        for client in [*tabs, anonymous]:
            await client.connect()
            await client.send({"type": "subscribe", "topic": f"session:{session.pk}"})
            while (await client.frame())["type"] != "snapshot":
                pass
        await hub.sample_presence(registry)
        for client in [*tabs, anonymous]:
            await client.close()

    asyncio.run(scenario())
    sample = SessionAttendance.objects.get()
    assert (sample.session, sample.viewers, sample.process) == (session, 2, hub.aggregates.process)
    assert sample.minute.second == 0
