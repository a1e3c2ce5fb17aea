"""Reactions and presence on a session's topic: counted by the gateway, never stored."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from pavilion.live.auth import issue_ticket
from pavilion.live.broker import MemoryBroker
from pavilion.reactions.kinds import KEYS
from tests.factories import LiveSessionFactory, SessionFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import fresh_broker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


def react(topic: str, reaction: Any) -> dict[str, Any]:
    return {"type": "command", "topic": topic, "name": "reactions.send", "data": {"reaction": reaction}, "ref": "r"}


async def answer(client: LiveClient) -> dict[str, Any]:
    """The next frame that is not a presence or tally frame."""
    while True:
        frame = await client.frame()
        if frame["type"] not in {"presence", "tally"}:
            return frame


def test_reactions_from_anyone_who_may_follow_reach_every_follower_summed() -> None:
    session = SessionFactory.create()
    topic = f"session:{session.pk}"
    watcher = LiveClient(query=f"token={issue_ticket(UserFactory.create())}".encode())
    anonymous, delegate = LiveClient(), LiveClient(query=f"token={issue_ticket(UserFactory.create())}".encode())

    async def scenario() -> tuple[list[dict[str, Any]], Counter[str], int]:
        for client in (watcher, anonymous, delegate):
            await client.connect()
            await client.send({"type": "subscribe", "topic": topic})
            assert (await answer(client))["type"] == "snapshot"
        acks = []
        for client, reaction in [(anonymous, "applause"), (delegate, "applause"), (delegate, "thanks")]:
            await client.send(react(topic, reaction))
            acks.append(await answer(client))
        heard: Counter[str] = Counter()
        viewers = 0
        while sum(heard.values()) < 3 or viewers != 3:
            frame = await watcher.frame(timeout=10)
            if frame["type"] == "tally":
                assert frame["name"] == "reactions"
                heard.update(frame["counts"])
            elif frame["type"] == "presence":
                viewers = frame["viewers"]
        for client in (watcher, anonymous, delegate):
            await client.close()
        return acks, heard, viewers

    acks, heard, viewers = asyncio.run(scenario())
    assert acks == [{"type": "ack", "ref": "r", "data": None}] * 3
    assert heard == Counter({"applause": 2, "thanks": 1})
    assert viewers == 3


def test_an_unknown_reaction_is_refused_with_the_choices() -> None:
    session = SessionFactory.create()
    topic = f"session:{session.pk}"
    client = LiveClient()

    async def scenario() -> list[dict[str, Any]]:
        await client.connect()
        await client.send({"type": "subscribe", "topic": topic})
        await answer(client)
        answers = []
        for reaction in ["boo", 3, None]:
            await client.send(react(topic, reaction))
            answers.append(await answer(client))
        await client.close()
        return answers

    for refused in asyncio.run(scenario()):
        assert (refused["type"], refused["code"], list(refused["fields"])) == ("error", "invalid", ["reaction"])
    assert KEYS == ("applause", "agree", "support", "insight", "thanks", "surprise")


def test_outsiders_of_a_closed_session_can_neither_follow_nor_react() -> None:
    session = SessionFactory.create(access_level="accredited")
    topic = f"session:{session.pk}"
    client = LiveClient(query=f"token={issue_ticket(UserFactory.create())}".encode())

    async def scenario() -> list[dict[str, Any]]:
        await client.connect()
        answers = [await client.request({"type": "subscribe", "topic": topic})]
        answers.append(await client.request(react(topic, "applause")))
        await client.close()
        return answers

    subscribed, reacted = asyncio.run(scenario())
    assert (subscribed["type"], subscribed["code"]) == ("error", "not_found")
    assert (reacted["type"], reacted["code"]) == ("error", "not_subscribed")


def test_the_panel_waits_hidden_for_the_live_client_with_one_button_per_reaction(client: Client) -> None:
    session = LiveSessionFactory.create()  # an ended session's page shows no reactions
    html = client.get(f"/en/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    panel = f'class="reactions" aria-labelledby="reactions-heading" data-topic="session:{session.pk}" hidden'
    assert panel in html
    assert [html.count(f'data-reaction="{key}"') for key in KEYS] == [1] * 6
    assert '<span class="reactions-label">Applause</span>' in html
