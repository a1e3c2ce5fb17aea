"""When a poll's counts are shown: as votes come in, to each person once they voted, or on closing.

The organiser chooses per poll; moderators always see the counts. No page, snapshot or frame gives
counts to anyone who may not see them yet (the session's topic carries ``votes: null``; the counts
go to ``poll:<id>``, which only those who may see them can follow).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from pavilion.accounts.models import User
from pavilion.live.broker import MemoryBroker
from pavilion.polls import services
from pavilion.polls.models import Poll
from tests.factories import LiveSessionFactory, UserFactory
from tests.live.features import FeatureClient, chair_of, published
from tests.polls.conftest import open_poll, option_ids

STATUS_ORDER = ["draft", "open", "closed"]


def counts(poll: dict[str, Any]) -> list[int | None]:
    return [option["votes"] for option in poll["options"]]


def merge(known: dict[str, Any] | None, incoming: dict[str, Any]) -> dict[str, Any]:
    """What frontend/src/state/polls.js mergePoll does: the later status, the counts with most ballots."""
    if known is None:
        return incoming
    status = STATUS_ORDER[max(STATUS_ORDER.index(known["status"]), STATUS_ORDER.index(incoming["status"]))]
    pool = [poll for poll in (known, incoming) if None not in counts(poll)] or [known, incoming]
    base = pool[0]
    for poll in pool[1:]:
        if poll["ballots"] >= base["ballots"]:
            base = poll
    return {**base, "status": status}


def apply(state: dict[str, Any], event: dict[str, Any]) -> None:
    poll = event["polls"]["poll"]
    known = [item["id"] for item in state["polls"]]
    if poll["id"] in known:
        at = known.index(poll["id"])
        state["polls"][at] = merge(state["polls"][at], poll)
    else:
        state["polls"] = [*state["polls"], poll]


async def follow(client: FeatureClient, topic: str) -> dict[str, Any]:
    """Subscribe one more topic: its snapshot or error frame (events arriving meanwhile are kept)."""
    await client.live.send({"type": "subscribe", "topic": topic})
    while True:
        frame = await client.frame()
        if frame["type"] in {"snapshot", "error"} and frame.get("topic", topic) == topic:
            return frame
        client.events.append(frame)


def viewer_state(session: Any, user: User | None) -> dict[str, Any]:
    return services.state(session=session, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("show", "moderator", "voter", "other", "anonymous"),
    [
        ("live", True, True, True, True),
        ("voted", True, True, False, False),
        ("closed", True, False, False, False),
    ],
)
def test_who_sees_the_counts_of_an_open_poll(
    show: str, moderator: bool, voter: bool, other: bool, anonymous: bool
) -> None:
    session = LiveSessionFactory.create()
    chair, delegate, outsider = chair_of(session), UserFactory.create(), UserFactory.create()
    poll = open_poll(session, chair, show_results=show)
    services.vote(poll=poll, by=delegate, option_ids=option_ids(poll)[1:2])
    seen = {
        name: None not in counts(viewer_state(session, user)["polls"][0])
        for name, user in [("moderator", chair), ("voter", delegate), ("other", outsider), ("anonymous", None)]
    }
    assert seen == {"moderator": moderator, "voter": voter, "other": other, "anonymous": anonymous}
    hidden = viewer_state(session, outsider)["polls"][0]
    if not other:
        assert counts(hidden) == [None, None, None]
        assert (hidden["ballots"], hidden["show_results"]) == (1, show)  # how many took part is not how
    services.close_poll(poll=poll, by=chair)
    for user in (chair, delegate, outsider, None):
        assert counts(viewer_state(session, user)["polls"][0]) == [0, 1, 0]


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_hidden_counts_go_to_the_polls_own_topic_only(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    poll = open_poll(session, chair, show_results="closed")
    services.vote(poll=poll, by=UserFactory.create(), option_ids=option_ids(poll)[:1])
    on_session = [event["polls"]["poll"] for event in published(broker, session)]
    on_poll = [event["polls"]["poll"] for event in published(broker, f"poll:{poll.pk}")]
    assert [(data["status"], counts(data), data["ballots"]) for data in on_session] == [
        ("open", [None, None, None], 0),
        ("open", [None, None, None], 1),
    ]
    assert [(data["status"], counts(data), data["ballots"]) for data in on_poll] == [
        ("open", [0, 0, 0], 0),
        ("open", [1, 0, 0], 1),
    ]
    services.close_poll(poll=poll, by=chair)
    closed = published(broker, session)[-1]["polls"]["poll"]
    assert (closed["status"], counts(closed)) == ("closed", [1, 0, 0])
    assert len(published(broker, f"poll:{poll.pk}")) == 2


@pytest.mark.django_db
def test_page_shows_counts_only_to_those_who_may_see_them(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair, voter, other = chair_of(session), UserFactory.create(), UserFactory.create()
    after_vote = open_poll(session, chair, question="After voting?", show_results="voted")
    on_close = open_poll(session, chair, question="On closing?", show_results="closed")
    services.vote(poll=after_vote, by=voter, option_ids=option_ids(after_vote)[:1])
    services.vote(poll=on_close, by=voter, option_ids=option_ids(on_close)[:1])
    url = f"/en/events/{session.event.slug}/sessions/{session.slug}/"

    def article(user: User | None, poll: Poll) -> str:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        html = client.get(url).content.decode()
        start = html.index(f'<article class="poll" id="poll-{poll.pk}"')
        return html[start : html.index("</article>", start)]

    once_voted = '<p class="poll-results-note">The results are shown once you have voted.</p>'
    on_closing = '<p class="poll-results-note">The results are shown when the poll closes.</p>'
    assert once_voted in article(other, after_vote)
    assert once_voted in article(None, after_vote)
    assert "Votes: 1 (100%)" in article(voter, after_vote)
    assert on_closing in article(voter, on_close)
    for user in (other, voter, None):
        assert "Votes:" not in article(user, on_close)
        assert "Ballots cast: 1" in article(user, on_close)
    assert "Votes: 1 (100%)" in article(chair, on_close)
    services.close_poll(poll=on_close, by=chair)
    assert "Votes: 1 (100%)" in article(other, on_close)
    assert "poll-results-note" in article(other, on_close)
    assert "The results are shown" not in article(other, on_close)


@pytest.mark.django_db
def test_no_js_form_creates_a_poll_with_its_results_choice(client: Client) -> None:
    session = LiveSessionFactory.create()
    client.force_login(chair_of(session))
    url = f"/en/events/{session.event.slug}/sessions/{session.slug}/"
    html = client.get(url).content.decode()
    assert "<legend>Show the results</legend>" in html
    assert 'value="voted" id="poll-new-show_results_1" checked' in html
    data = {"question": "Q?", "kind": "single", "option_1": "A", "option_2": "B", "show_results": "closed"}
    assert client.post(f"{url}polls/", data).status_code == 302
    assert client.post(f"{url}polls/", {**data, "question": "R?", "show_results": "never"}).status_code == 400
    assert client.post(f"{url}polls/", {**data, "question": "S?", "show_results": ""}).status_code == 302
    assert list(Poll.objects.order_by("pk").values_list("question", "show_results")) == [
        ("Q?", "closed"),
        ("S?", "voted"),
    ]


@pytest.mark.django_db(transaction=True)
def test_live_counts_reach_only_those_who_may_see_them_and_snapshot_plus_events_holds() -> None:
    session = LiveSessionFactory.create()
    topic = f"session:{session.pk}"
    chair, voter, other = chair_of(session), UserFactory.create(), UserFactory.create()
    poll = open_poll(session, chair, show_results="voted")
    results = f"poll:{poll.pk}"
    choices = option_ids(poll)
    services.vote(poll=poll, by=UserFactory.create(), option_ids=choices[:1])
    clients = {
        "chair": FeatureClient(chair, part="polls"),
        "voter": FeatureClient(voter, part="polls"),
        "other": FeatureClient(other, part="polls"),
    }
    fresh = {name: FeatureClient(client.user, part="polls") for name, client in clients.items()}

    async def scenario() -> tuple[dict[str, Any], ...]:
        states = {name: await client.subscribe(topic) for name, client in clients.items()}
        refusals = {
            "voter": await follow(clients["voter"], results),
            "other": await follow(clients["other"], results),
        }
        chair_results = await follow(clients["chair"], results)
        apply(states["chair"], {"polls": {"session": session.pk, "poll": chair_results["data"]["poll"]}})
        ack = await clients["voter"].command(topic, "polls.vote", {"id": poll.pk, "options": choices[1:2]})
        states["voter"]["voted"] = [poll.pk]  # what polls.js does with the acknowledgement
        voter_results = await follow(clients["voter"], results)
        apply(states["voter"], {"polls": {"session": session.pk, "poll": voter_results["data"]["poll"]}})
        await sync_to_async(lambda: services.vote(poll=poll, by=other, option_ids=choices[2:]))()
        states["other"]["voted"] = [poll.pk]
        # chair: the voter's and other's ballots on both topics; voter: its own on the session's topic
        # (before it followed poll:<id>), other's on both; other: both ballots on the session's topic.
        events = {
            "chair": await clients["chair"].wait_for_events(4),
            "voter": await clients["voter"].wait_for_events(3),
            "other": await clients["other"].wait_for_events(2),
        }
        for name, frames in events.items():
            for frame in frames:
                apply(states[name], frame["event"])
        snapshots = {name: await client.subscribe(topic) for name, client in fresh.items()}
        for client in [*clients.values(), *fresh.values()]:
            await client.close()
        return states, snapshots, refusals, ack, events

    states, snapshots, refusals, ack, events = asyncio.run(scenario())
    assert ack["type"] == "ack"
    assert (refusals["voter"]["type"], refusals["voter"]["code"]) == ("error", "not_found")
    assert (refusals["other"]["type"], refusals["other"]["code"]) == ("error", "not_found")
    assert states["chair"] == snapshots["chair"]
    assert states["voter"] == snapshots["voter"]
    # other voted outside the live client: a fresh snapshot shows the counts; the frames never did.
    assert counts(snapshots["other"]["polls"][0]) == [1, 1, 1]
    assert [counts(frame["event"]["polls"]["poll"]) for frame in events["other"]] == [[None, None, None]] * 2
    assert [frame["topic"] for frame in events["voter"]] == [topic, topic, results]
    assert [counts(frame["event"]["polls"]["poll"]) for frame in events["voter"]] == [
        [None, None, None],
        [None, None, None],
        [1, 1, 1],
    ]
    assert sorted(frame["topic"] for frame in events["chair"]) == [results, results, topic, topic]


@pytest.mark.django_db(transaction=True)
def test_a_session_made_closed_revokes_the_voters_follow_of_the_counts() -> None:
    session = LiveSessionFactory.create(access_level="public")
    poll = open_poll(session, chair_of(session), show_results="voted")
    voter = UserFactory.create()
    services.vote(poll=poll, by=voter, option_ids=option_ids(poll)[:1])
    client = FeatureClient(voter, part="polls")
    results = f"poll:{poll.pk}"

    async def scenario() -> dict[str, Any]:
        await client.subscribe(f"session:{session.pk}")
        snapshot = await follow(client, results)
        assert snapshot["type"] == "snapshot"
        session.access_level = "accredited"
        await sync_to_async(session.save)()
        while True:
            frame = await client.frame()
            if frame["type"] == "revoked" and frame["topic"] == results:
                await client.close()
                return frame

    assert asyncio.run(scenario()) == {"type": "revoked", "topic": results, "reason": "access"}
