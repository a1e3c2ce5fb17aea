"""Outcome drafting and documents over /live: snapshot + events = a fresh snapshot; nothing leaks."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async

from pavilion.live.broker import MemoryBroker
from pavilion.programmes import outcomes, services
from pavilion.programmes.outcome_models import OutcomeText
from tests.factories import RegistrationFactory
from tests.live.features import FeatureClient, first_seq, fresh_broker, published
from tests.programmes.factories import World, make_world
from tests.programmes.files import pdf_file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


def apply(state: list[dict[str, Any]], event: dict[str, Any]) -> None:
    """What a client does with one outcome event."""
    change = event.get("outcome")
    if change is None:
        return
    outcome = next(item for item in state if item["id"] == change["id"])
    if "state" in change:
        outcome["state"] = change["state"]
    if "amendment" in change:
        others = [item for item in outcome["amendments"] if item["id"] != change["amendment"]["id"]]
        outcome["amendments"] = sorted([*others, change["amendment"]], key=lambda item: item["id"])
    if "paragraph" in change:
        for paragraph in outcome["paragraphs"]:
            if paragraph["id"] == change["paragraph"]["id"]:
                paragraph["text"] = change["paragraph"]["text"]
    if "deleted" in change:
        outcome["paragraphs"] = [item for item in outcome["paragraphs"] if item["id"] != change["deleted"]]
    if "inserted" in change:
        inserted = change["inserted"]
        at = next(index for index, item in enumerate(outcome["paragraphs"]) if item["id"] == inserted["after"])
        outcome["paragraphs"].insert(at + 1, {"id": inserted["id"], "text": inserted["text"]})


def _negotiation(world: World) -> OutcomeText:
    world.session.access_level = "registered"
    world.session.save()
    declaration = outcomes.create_outcome(
        programme=world.programme,
        by=world.secretariat,
        slug="telmin9",
        title={"en": "Draft TELMIN9 declaration"},
        paragraphs=[{"en": "We met."}, {"en": "We welcome broadband."}, {"en": "We instruct the TEL."}],
        meeting=world.meeting,
        drafting_session=world.session,
    )
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    return declaration


def test_drafting_snapshot_plus_events_equals_a_fresh_snapshot() -> None:
    world = make_world()
    declaration = _negotiation(world)
    russia = RegistrationFactory.create(event=world.meeting, country="RU").user
    topic = f"session:{world.session.pk}"
    paragraphs = [paragraph for _number, paragraph in outcomes.numbered_paragraphs(declaration)]
    member = FeatureClient(world.member, part="outcomes")
    fresh = FeatureClient(world.member, part="outcomes")

    def drafting() -> None:
        first = outcomes.propose_amendment(
            paragraph=paragraphs[1],
            by=world.member,
            action="replace",
            text="We welcome affordable broadband.",
            reason="Cost",
        )
        second = outcomes.propose_amendment(
            paragraph=paragraphs[0], by=russia, action="insert_after", text="We thank Russia.", reason="Host"
        )
        third = outcomes.propose_amendment(paragraph=paragraphs[2], by=russia, action="delete", reason="Later")
        outcomes.recommend(amendment=first, by=world.secretariat, recommendation="accept")
        outcomes.decide(amendment=first, by=world.secretariat, decision="accepted")
        outcomes.decide(amendment=second, by=world.secretariat, decision="accepted")
        outcomes.decide(amendment=third, by=world.secretariat, decision="accepted")

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        await member.live.connect()
        snapshot = await member.request({"type": "subscribe", "topic": topic})
        state = snapshot["data"]["outcomes"]
        await sync_to_async(drafting)()
        events = await member.wait_for_events(7)
        for frame in events:
            apply(state, frame["event"])
        await fresh.live.connect()
        again = await fresh.request({"type": "subscribe", "topic": topic})
        await member.close()
        await fresh.close()
        return state, again["data"]["outcomes"], events

    state, again, events = asyncio.run(scenario())
    assert state == again
    first = first_seq(topic)  # the one event before the snapshot
    assert [frame["seq"] for frame in events] == [first + n for n in range(1, 8)]
    assert [paragraph["text"]["en"] for paragraph in again[0]["paragraphs"]] == [
        "We met.",
        "We thank Russia.",
        "We welcome affordable broadband.",
    ]
    assert [(item["delegation"], item["decision"]) for item in again[0]["amendments"]] == [
        ("Viet Nam", "accepted"),
        ("Russia", "accepted"),
        ("Russia", "accepted"),
    ]


def test_a_public_session_hears_only_a_nudge_and_outsiders_get_no_text(broker: MemoryBroker) -> None:
    world = make_world()
    declaration = _negotiation(world)
    world.session.access_level = "public"
    world.session.save()
    outcomes.propose_amendment(
        paragraph=outcomes.numbered_paragraphs(declaration)[0][1],
        by=world.member,
        action="delete",
        reason="Confidential reason",
    )
    restricted = services.upload_document(
        programme=world.programme,
        by=world.secretariat,
        title={"en": "Members' paper"},
        kind="information",
        session=world.session,
        access="members",
        files={"en": pdf_file()},
    )
    public = services.upload_document(
        programme=world.programme,
        by=world.secretariat,
        title={"en": "Public paper"},
        kind="information",
        session=world.session,
        files={"en": pdf_file()},
    )
    opened, *events = published(broker, world.session)
    assert opened == {"outcome": {"id": declaration.pk, "state": "negotiation"}}  # while the session was closed
    assert events[0] == {"outcome": {"id": declaration.pk, "changed": True}}
    assert events[1] == {"documents": {"changed": True}}
    assert events[2]["documents"]["added"]["number"] == public.number
    assert "Confidential" not in str(events)
    assert restricted.number not in str(events)

    outsider = FeatureClient(world.outsider, part="outcomes")

    async def scenario() -> dict[str, Any]:
        await outsider.live.connect()
        snapshot = await outsider.request({"type": "subscribe", "topic": f"session:{world.session.pk}"})
        await outsider.close()
        return dict(snapshot["data"])

    data = asyncio.run(scenario())
    assert data["outcomes"] == []
    assert [record["number"] for record in data["documents"]] == [public.number]


def test_batched_parts_equal_each_persons_own_and_cost_the_same_queries() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pavilion.programmes.live import documents_snapshot, outcomes_snapshot
    from pavilion.programmes.services import document_record
    from pavilion.programmes.sessions import session_documents

    world = make_world()
    _negotiation(world)
    for access in ["public", "participants", "members", "secretariat"]:
        services.upload_document(
            programme=world.programme,
            by=world.secretariat,
            title={"en": f"Paper {access}"},
            kind="information",
            session=world.session,
            access=access,
            files={"en": pdf_file()},
        )
    people = list(world.roles().values())
    batch = documents_snapshot(people, world.session.pk)
    for user, part in zip(people, batch, strict=True):
        assert part == [document_record(item) for item in session_documents(session=world.session, user=user)]
    outcomes_batch = outcomes_snapshot(people, world.session.pk)
    assert [len(part) for part in outcomes_batch] == [1, 1, 1, 1, 0, 0]  # admin … participant see it
    counts = []
    for crowd in (people[:1], people * 3):
        with CaptureQueriesContext(connection) as queries:
            documents_snapshot(crowd, world.session.pk)
            outcomes_snapshot(crowd, world.session.pk)
        counts.append(len(queries))
    assert counts[0] == counts[1]
