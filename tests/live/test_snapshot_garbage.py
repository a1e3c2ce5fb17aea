"""A snapshot leaves nothing behind for Python's cycle collector (issue 13's soak).

A live worker builds snapshots for thousands of joins. Objects that refer to each other (a model
instance caching another one that caches it back) outlive the snapshot until the cycle collector
finds them, and what has lived through a young collection waits for a full one, which the gateway's
gc settings (asgi.py) make rare: a worker's memory grew with every join in the 30-minute soak.
So every snapshot of the live demo, for an anonymous visitor, a delegate and the organiser, must
free what it made by reference counting alone.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial

import pytest

from pavilion.accounts.models import User
from pavilion.demo import content, live_content
from pavilion.demo.services import load_demo
from pavilion.events.models import Session
from pavilion.exhibition.models import Booth
from pavilion.live.joins import snapshot
from pavilion.live.registry import registry
from pavilion.live.topics import Topic
from pavilion.polls.models import Poll

pytestmark = pytest.mark.django_db

#: Django's own cycle: a query with select_related compiles through a nested function that calls
#: itself (``SQLCompiler.get_select``), three small objects a query. Not Pavilion's to break.
DJANGO_COMPILER_CLOSURE = "SQLCompiler.get_select.<locals>.get_select_from_parent"


def cyclic_garbage(build: Callable[[], object]) -> list[str]:
    """What ``build`` left that only the cycle collector frees (type names), on its second run."""
    build()  # the first run fills the process's caches (translations, content types, settings)
    gc.collect()
    gc.freeze()  # what is there already is not this run's: the next collection looks at new objects only
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        build()
        gc.collect()
        djangos = set()
        for thing in gc.garbage:
            if getattr(thing, "__qualname__", None) == DJANGO_COMPILER_CLOSURE:
                djangos |= {id(thing), id(thing.__closure__), *(id(cell) for cell in thing.__closure__)}
        return sorted(type(thing).__qualname__ for thing in gc.garbage if id(thing) not in djangos)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.unfreeze()


def test_every_snapshot_of_the_live_demo_is_freed_without_the_cycle_collector() -> None:
    load_demo(set_passwords=False)
    people: list[User | None] = [
        None,
        User.objects.get(email="delegate@pavilion.example.org"),
        User.objects.get(email=content.ORGANISER),
    ]
    sessions = list(Session.objects.filter(event__slug=live_content.LIVE_EVENT).order_by("pk"))
    topics = [
        *(Topic("session", session.pk) for session in sessions),
        *(Topic("poll", pk) for pk in Poll.objects.order_by("pk").values_list("pk", flat=True)),
        Topic("event", sessions[0].event_id),
        Topic("booth", Booth.objects.order_by("pk").values_list("pk", flat=True)[0]),
    ]
    assert {topic.kind for topic in topics} == {"session", "poll", "event", "booth"}
    left = {}
    for topic in topics:
        for person in people:
            garbage = cyclic_garbage(partial(snapshot, registry, topic, person))
            if garbage:
                left[f"{topic.name} for {person or 'anonymous'}"] = garbage
    assert left == {}


def test_the_check_finds_a_cycle() -> None:
    """The check above can fail: two objects that refer to each other are found."""

    class Node:
        other: object = None

    def build() -> None:
        first, second = Node(), Node()
        first.other, second.other = second, first

    assert cyclic_garbage(build) == ["test_the_check_finds_a_cycle.<locals>.Node"] * 2
