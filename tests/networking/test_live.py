"""Meetings live: each change reaches both sides on their own user:<id> topic, and nobody else."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from pavilion.accounts.models import User
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth
from pavilion.networking.booths import save_booth_interests
from pavilion.networking.meetings import accept_meeting, cancel_meeting, propose_slot, request_meeting
from pavilion.networking.models import MeetingSlot
from tests.factories import BoothFactory, UserFactory
from tests.live.features import FeatureClient, fresh_broker
from tests.networking.conftest import participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Any:
    yield from fresh_broker()


def own_topic(user: User) -> str:
    return f"user:{user.pk}"


async def in_thread(service: Callable[..., Any], **arguments: Any) -> Any:
    """Run a service as a page would (its own thread and database connection, closed afterwards)."""

    def call() -> Any:
        try:
            return service(**arguments)
        finally:
            connection.close()

    return await asyncio.to_thread(call)


async def follow_own(client: FeatureClient, user: User) -> None:
    """Connect and follow the person's own topic (it has no snapshot parts of its own)."""
    await client.live.connect()
    snapshot = await client.request({"type": "subscribe", "topic": own_topic(user)})
    assert snapshot["type"] == "snapshot", snapshot


def test_both_sides_hear_of_a_request_its_answer_and_a_cancel(
    event: Event, mai: User, olga: User, slots: list[MeetingSlot]
) -> None:
    stranger = participant(event)
    people = {"mai": mai, "olga": olga, "x": stranger}
    clients = {name: FeatureClient(user, part="user") for name, user in people.items()}

    async def scenario() -> dict[str, list[dict[str, Any]]]:
        for name, client in clients.items():
            await follow_own(client, people[name])
        meeting = await in_thread(
            request_meeting, event=event, by=mai, invitee=olga, slot=slots[0], reason="5G rollout"
        )
        await in_thread(propose_slot, meeting=meeting, by=olga, slot=slots[1])
        await in_thread(accept_meeting, meeting=meeting, by=mai)
        await in_thread(cancel_meeting, meeting=meeting, by=olga)
        events = {
            name: [frame["event"] for frame in await clients[name].wait_for_events(4)] for name in ["mai", "olga"]
        }
        await asyncio.sleep(0.2)
        events["x"] = [frame["event"] for frame in clients["x"].events]
        for client in clients.values():
            await client.close()
        return events

    events = asyncio.run(scenario())
    meeting_id = events["mai"][0]["networking"]["meeting"]
    expected = [
        {"networking": {"event": event.pk, "meeting": meeting_id, "status": status}}
        for status in ("pending", "pending", "accepted", "cancelled")
    ]
    assert events["mai"] == expected
    assert events["olga"] == expected
    assert events["x"] == []


def test_a_booths_staff_hear_of_a_request_to_their_booth(event: Event, mai: User, slots: list[MeetingSlot]) -> None:
    staff = UserFactory.create()  # no registration of their own: they answer for the booth
    booth: Booth = BoothFactory.create(event=event, staff=[staff])
    save_booth_interests(booth=booth, by=staff, accepts_meetings=True)
    client = FeatureClient(staff, part="user")

    async def scenario() -> list[dict[str, Any]]:
        await follow_own(client, staff)
        await in_thread(request_meeting, event=event, by=mai, booth=booth, slot=slots[0], reason="Fibre for schools")
        frames = await client.wait_for_events(1)
        await client.close()
        return [frame["event"] for frame in frames]

    [change] = asyncio.run(scenario())
    assert change["networking"]["status"] == "pending"
    assert change["networking"]["event"] == event.pk


def test_another_persons_topic_is_refused() -> None:
    mai, olga = UserFactory.create(), UserFactory.create()
    client = FeatureClient(mai, part="user")

    async def scenario() -> dict[str, Any]:
        await client.live.connect()
        answer = await client.live.request({"type": "subscribe", "topic": own_topic(olga)})
        await client.close()
        return answer

    answer = asyncio.run(scenario())
    assert (answer["type"], answer["code"]) == ("error", "not_found")
