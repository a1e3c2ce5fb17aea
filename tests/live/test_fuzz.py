"""Whatever a client sends, the gateway answers with a frame and stays up (hypothesis)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pavilion.live.broker as live_broker
from pavilion.live.broker import MemoryBroker
from pavilion.live.gateway import hub
from pavilion.live.protocol import ProtocolError, parse_frame
from tests.live.client import LiveClient

pytestmark = pytest.mark.django_db(transaction=True)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
frame_like = st.fixed_dictionaries(
    {"type": st.sampled_from(["hello", "ping", "subscribe", "unsubscribe", "command", "other", ""])},
    optional={
        "topic": st.one_of(st.text(max_size=20), st.sampled_from(["session:1", "testroom:1", "user:1"]), json_values),
        "since": json_values,
        "name": json_values,
        "data": json_values,
        "ref": json_values,
    },
)
payloads = st.one_of(st.text(max_size=200), frame_like.map(json.dumps), json_values.map(json.dumps))


def _outcome(payload: str) -> str:
    try:
        parse_frame(payload)
    except ProtocolError as error:
        return error.code
    return "accepted"


@given(payloads)
def test_parser_accepts_or_explains(payload: str) -> None:
    assert _outcome(payload) in {"accepted", "malformed", "unknown_type", "invalid", "too_large"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(payloads, min_size=1, max_size=8))
def test_gateway_answers_every_frame_and_stays_up(payloads_: list[str]) -> None:
    live_broker._broker = MemoryBroker()
    hub.forget()

    async def scenario() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        client = LiveClient()
        await client.connect()
        answers = []
        for payload in payloads_:
            await client.inbox.put({"type": "websocket.receive", "text": payload})
            answers.append(await client.frame())
        still_there = await client.request({"type": "hello"})
        await client.close()
        return answers, still_there

    answers, still_there = asyncio.run(scenario())
    assert all(answer["type"] in {"error", "hello", "pong", "snapshot", "unsubscribed", "ack"} for answer in answers)
    assert still_there == {"type": "hello", "protocol": 1, "server": "pavilion"}
