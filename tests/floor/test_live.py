"""The floor over /live: the snapshot part, the floor.* commands and their error frames."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pavilion.accounts.models import User
from pavilion.floor import services
from pavilion.floor.models import Floor, FloorRequest
from pavilion.live.auth import issue_ticket
from tests.factories import CategoryFactory, LiveSessionFactory, RegistrationFactory, UserFactory
from tests.floor.conftest import delegate_of
from tests.live.client import LiveClient
from tests.live.features import FeatureClient, chair_of, first_seq

pytestmark = pytest.mark.django_db(transaction=True)


def floor_client(user: User | None = None) -> FeatureClient:
    return FeatureClient(user, part="floor")


def own_request(state: dict[str, Any], user_id: int | None) -> dict[str, Any] | None:
    """The viewer's request in a state, as floor.js works it out from the list and the speaker."""
    if user_id is None:
        return None
    speaker = state["speaker"]
    if speaker is not None and speaker["user_id"] == user_id:
        return {"id": speaker["id"], "status": "speaking", "position": None}
    ids = [entry["user_id"] for entry in state["queue"]]
    if user_id in ids:
        position = ids.index(user_id)
        return {"id": state["queue"][position]["id"], "status": "waiting", "position": position + 1}
    return None


def apply(state: dict[str, Any], event: dict[str, Any], user_id: int | None) -> None:
    """What a client does with one floor event (frontend/src/state/floor.js does the same)."""
    state.update(event["floor"]["state"])
    state["mine"] = own_request(state, user_id)


def without_clock(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot without ``now``, the server's clock when it was taken (never the same twice)."""
    assert isinstance(snapshot.pop("now"), int)
    return snapshot


def test_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair = chair_of(session)
    delegate = delegate_of(session, full_name="Amina Diallo")
    minister = delegate_of(session, "minister", country="KE", full_name="Juma Otieno")
    adviser = delegate_of(session, "adviser", country="FR", full_name="Claire Martin")
    earlier = delegate_of(session, "observer", country="BR")
    services.request_floor(session=session, by=earlier)
    services.withdraw(session=session, by=earlier)
    people = [chair, delegate, minister, adviser, None]
    clients = [floor_client(person) for person in people]
    fresh_clients = [floor_client(person) for person in people]
    by_name = dict(zip(["chair", "delegate", "minister", "adviser"], clients, strict=False))

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
        states = [await client.subscribe(topic) for client in clients]
        steps: list[tuple[str, str, dict[str, Any]]] = [
            ("delegate", "floor.request", {}),
            ("minister", "floor.request", {}),
            ("adviser", "floor.request", {}),
            ("chair", "floor.set_time", {"seconds": 180}),
            ("chair", "floor.next", {}),  # the minister, who asked after the delegate
            ("chair", "floor.timer", {"action": "pause"}),
            ("adviser", "floor.withdraw", {}),
            ("chair", "floor.give", {"id": None}),  # the delegate's request, filled in below
            ("chair", "floor.timer", {"action": "restart"}),
            ("adviser", "floor.request", {}),
        ]
        answers: list[dict[str, Any]] = []
        for who, name, data in steps:
            if name == "floor.give":
                data = {"id": answers[0]["data"]["id"]}
            answers.append(await by_name[who].command(topic, name, data))
        events = [await client.wait_for_events(len(steps)) for client in clients]
        for state, client_events, person in zip(states, events, people, strict=True):
            for frame in client_events:
                apply(state, frame["event"], person.pk if person is not None else None)
        fresh = [await client.subscribe(topic) for client in fresh_clients]
        for client in [*clients, *fresh_clients]:
            await client.close()
        return states, fresh, answers, events

    states, fresh, answers, events = asyncio.run(scenario())
    assert [without_clock(state) for state in states] == [without_clock(snapshot) for snapshot in fresh]
    assert [answer["type"] for answer in answers] == ["ack"] * 10
    first = first_seq(topic)
    assert [frame["seq"] for frame in events[0]] == list(range(first + 2, first + 12))  # after the two before
    assert all(client_events == events[0] for client_events in events)
    final = fresh[0]
    assert final["speaker"]["user_id"] == delegate.pk
    assert [entry["user_id"] for entry in final["queue"]] == [adviser.pk]
    assert (final["timer"]["limit"], final["timer"]["running"], final["timer"]["elapsed_ms"]) == (180, True, 0)
    assert (final["is_chair"], final["can_request"], final["mine"]) == (True, False, None)
    assert fresh[1]["mine"] == {"id": answers[0]["data"]["id"], "status": "speaking", "position": None}
    assert (fresh[1]["is_chair"], fresh[1]["can_request"]) == (False, True)
    assert fresh[3]["mine"] == {"id": answers[9]["data"]["id"], "status": "waiting", "position": 1}
    assert (fresh[4]["is_chair"], fresh[4]["can_request"], fresh[4]["mine"]) == (False, False, None)
    minister_request = FloorRequest.objects.get(user=minister)
    assert minister_request.status == "done"
    assert answers[4] == {"type": "ack", "data": {"id": minister_request.pk}, "ref": "floor.next"}


def test_snapshot_shape_for_a_delegate_on_the_list() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    delegate = delegate_of(session, "vice_minister", full_name="Amina Diallo")
    request = services.request_floor(session=session, by=delegate)
    client = floor_client(delegate)

    async def scenario() -> dict[str, Any]:
        snapshot = await client.subscribe(topic)
        await client.close()
        return snapshot

    snapshot = without_clock(asyncio.run(scenario()))
    requested_at = request.requested_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert snapshot == {
        "queue": [
            {
                "id": request.pk,
                "user_id": delegate.pk,
                "name": "Amina Diallo",
                "delegation": {
                    "ar": "فييت نام",
                    "en": "Viet Nam",
                    "es": "Viet Nam",
                    "fr": "Viet Nam",
                    "ru": "Вьетнам",
                    "zh-hans": "越南",
                    "vi": "Việt Nam",
                },
                "function": "vice_minister",
                "requested_at": requested_at,
            }
        ],
        "speaker": None,
        "timer": {"limit": 240, "running": False, "elapsed_ms": 0, "started_at": None, "started_at_ms": None},
        "is_chair": False,
        "can_request": True,
        "mine": {"id": request.pk, "status": "waiting", "position": 1},
    }


def test_a_delegate_cannot_give_the_floor_over_live_but_a_chair_can() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, delegate = chair_of(session), delegate_of(session)
    waiting = services.request_floor(session=session, by=delegate_of(session, "minister", country="KE"))
    delegate_client, chair_client = floor_client(delegate), floor_client(chair)
    attempts: list[tuple[str, dict[str, Any]]] = [
        ("floor.give", {"id": waiting.pk}),
        ("floor.give", {"id": 999999}),  # forbidden before saying which requests exist
        ("floor.next", {}),
        ("floor.end", {}),
        ("floor.set_time", {"seconds": 60}),
        ("floor.timer", {"action": "restart"}),
    ]

    async def scenario() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        await delegate_client.subscribe(topic)
        refused = [await delegate_client.command(topic, name, data) for name, data in attempts]
        await chair_client.subscribe(topic)
        given = await chair_client.command(topic, "floor.give", {"id": waiting.pk})
        await delegate_client.close()
        await chair_client.close()
        return refused, given

    refused, given = asyncio.run(scenario())
    message = "Only the session's chairs and moderators and the event's organisers may give the floor."
    assert [(answer["type"], answer["code"], answer["message"]) for answer in refused] == [
        ("error", "forbidden", message)
    ] * len(attempts)
    assert given == {"type": "ack", "data": {"id": waiting.pk}, "ref": "floor.give"}
    waiting.refresh_from_db()
    assert waiting.status == "speaking"
    assert Floor.objects.get(session=session).speaking_time == 240


def test_invalid_command_data_gets_an_invalid_error_frame_with_fields() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, delegate = chair_of(session), delegate_of(session)
    elsewhere = LiveSessionFactory.create(event=session.event)
    theirs = services.request_floor(session=elsewhere, by=delegate)
    services.request_floor(session=session, by=delegate)
    chair_client, delegate_client = floor_client(chair), floor_client(delegate)

    async def scenario() -> list[dict[str, Any]]:
        await chair_client.subscribe(topic)
        await delegate_client.subscribe(topic)
        answers = [
            await chair_client.command(topic, "floor.give", {"id": "1"}),
            await chair_client.command(topic, "floor.give", {"id": 0}),
            await chair_client.command(topic, "floor.give", {"id": theirs.pk}),
            await chair_client.command(topic, "floor.set_time", {"seconds": 5}),
            await chair_client.command(topic, "floor.set_time", {"seconds": 60.5}),
            await chair_client.command(topic, "floor.timer", {"action": "rewind"}),
            await chair_client.command(topic, "floor.timer", {"action": "pause"}),
            await chair_client.command(topic, "floor.end", {}),
            await delegate_client.command(topic, "floor.request", {"urgent": True}),
            await delegate_client.command(topic, "floor.request", {}),
        ]
        await chair_client.close()
        await delegate_client.close()
        return answers

    answers = asyncio.run(scenario())
    assert [(answer["type"], answer["code"], answer["fields"]) for answer in answers] == [
        ("error", "invalid", {"id": "Input should be a valid integer"}),
        ("error", "invalid", {"id": "Input should be greater than 0"}),
        ("error", "invalid", {"id": "There is no such request in this session."}),
        ("error", "invalid", {"seconds": "Input should be greater than or equal to 15"}),
        ("error", "invalid", {"seconds": "Input should be a valid integer"}),
        ("error", "invalid", {"action": "Input should be 'restart', 'pause' or 'resume'"}),
        ("error", "invalid", {"action": "No one has the floor."}),
        ("error", "invalid", {"floor": "No one has the floor."}),
        ("error", "invalid", {"urgent": "Extra inputs are not permitted"}),
        ("error", "invalid", {"floor": "You have already requested the floor in this session."}),
    ]
    assert list(FloorRequest.objects.order_by("pk").values_list("status", flat=True)) == ["waiting", "waiting"]


def test_anonymous_visitor_follows_the_floor_but_requesting_needs_an_account() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    services.request_floor(session=session, by=delegate_of(session))
    client = floor_client()

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        snapshot = await client.subscribe(topic)
        answer = await client.command(topic, "floor.request", {})
        await client.close()
        return snapshot, answer

    snapshot, answer = asyncio.run(scenario())
    assert len(snapshot["queue"]) == 1
    assert (snapshot["is_chair"], snapshot["can_request"], snapshot["mine"]) == (False, False, None)
    assert answer == {"type": "error", "code": "sign_in", "message": "Sign in to do this.", "ref": "floor.request"}
    assert FloorRequest.objects.count() == 1


def test_closed_session_floor_is_not_found_for_outsiders() -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    services.request_floor(session=session, by=delegate_of(session, full_name="Confidential Minister"))
    outsider = UserFactory.create()
    RegistrationFactory.create(
        event=session.event, user=outsider, category=CategoryFactory.create(event=session.event, is_accredited=False)
    )
    client = LiveClient(query=f"token={issue_ticket(outsider)}".encode())

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        await client.connect()
        subscribed = await client.request({"type": "subscribe", "topic": f"session:{session.pk}"})
        command = await client.request(
            {"type": "command", "topic": f"session:{session.pk}", "name": "floor.request", "data": {}}
        )
        await client.close()
        return subscribed, command

    subscribed, command = asyncio.run(scenario())
    assert (subscribed["type"], subscribed["code"]) == ("error", "not_found")
    assert (command["type"], command["code"]) == ("error", "not_subscribed")
    assert "Confidential Minister" not in str(subscribed)
    assert FloorRequest.objects.filter(user=outsider).count() == 0
