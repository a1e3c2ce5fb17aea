"""Presence counts and tallies (live/aggregates.py), with the clock given explicitly."""

from __future__ import annotations

import json

from pavilion.live.aggregates import ANNOUNCE_EVERY, STALE_AFTER, Aggregates


def decoded(frames: list[tuple[str, str]]) -> list[dict[str, object]]:
    return [json.loads(text) for _topic, text in frames]


def exchange(processes: list[Aggregates], now: float) -> None:
    """One tick: every process shares, and every process (itself included) hears it, as the broker does."""
    shared = [process.to_share(now) for process in processes]
    for message in shared:
        if message is not None:
            for process in processes:
                process.receive(message, now)


def test_a_person_counts_once_however_many_tabs_and_an_anonymous_connection_counts_alone() -> None:
    here = Aggregates("a")
    here.joined("session:1", ("user", 7))
    here.joined("session:1", ("user", 7))
    here.joined("session:1", ("connection", 1))
    exchange([here], now=0)
    assert decoded(here.frames(0)) == [{"type": "presence", "topic": "session:1", "viewers": 2}]
    here.left("session:1", ("user", 7))  # one tab of two closed: still there
    exchange([here], now=0.25)
    assert here.frames(0.25) == []  # the total did not change: nothing is sent
    here.left("session:1", ("user", 7))
    exchange([here], now=0.5)
    assert decoded(here.frames(0.5)) == [{"type": "presence", "topic": "session:1", "viewers": 1}]


def test_leaving_a_topic_one_never_joined_changes_nothing() -> None:
    here = Aggregates("a")
    here.left("session:1", ("user", 7))
    assert here.to_share(0) is None
    assert here.viewers("session:1", 0) == 0


def test_processes_add_up_their_viewers_and_a_quiet_process_stops_counting() -> None:
    first, second = Aggregates("first"), Aggregates("second")
    first.joined("session:1", ("user", 1))
    second.joined("session:1", ("user", 2))
    second.joined("session:1", ("user", 3))
    exchange([first, second], now=0)
    assert decoded(first.frames(0)) == [{"type": "presence", "topic": "session:1", "viewers": 3}]
    assert decoded(second.frames(0)) == [{"type": "presence", "topic": "session:1", "viewers": 3}]
    # The second process keeps announcing; the first hears it, then the second falls silent.
    exchange([first, second], now=ANNOUNCE_EVERY)
    assert first.frames(ANNOUNCE_EVERY) == []
    silent = ANNOUNCE_EVERY + STALE_AFTER
    exchange([first], now=silent)
    assert decoded(first.frames(silent)) == [{"type": "presence", "topic": "session:1", "viewers": 1}]


def test_tallies_are_summed_across_processes_and_sent_once_per_tick() -> None:
    first, second = Aggregates("first"), Aggregates("second")
    for _ in range(3):
        first.count("session:1", "reactions", "applause")
    second.count("session:1", "reactions", "applause")
    second.count("session:1", "reactions", "heart")
    second.count("session:2", "reactions", "agree")
    exchange([first, second], now=0)
    expected = [
        {"type": "tally", "topic": "session:1", "name": "reactions", "counts": {"applause": 4, "heart": 1}},
        {"type": "tally", "topic": "session:2", "name": "reactions", "counts": {"agree": 1}},
    ]
    assert decoded(first.frames(0)) == expected
    assert decoded(second.frames(0)) == expected
    exchange([first, second], now=0.25)
    assert first.frames(0.25) == []  # counted once: a tally is what came in since the last tick


def test_nothing_to_share_when_nothing_happened() -> None:
    here = Aggregates("a")
    assert here.to_share(0) is None
    assert here.frames(0) == []


def test_a_process_that_says_farewell_stops_counting_at_once() -> None:
    first, second = Aggregates("first"), Aggregates("second")
    first.joined("session:1", ("user", 1))
    second.joined("session:1", ("user", 2))
    second.joined("session:2", ("user", 2))
    second.count("session:1", "reactions", "applause")
    exchange([first, second], now=0)
    first.frames(0)
    second.count("session:1", "reactions", "applause")  # not shared yet: goes with the farewell
    farewell = second.farewell()
    assert farewell == {
        "process": "second",
        "presence": {},
        "tallies": {"session:1": {"reactions": {"applause": 1}}},
        "gone": True,
    }
    first.receive(farewell, now=0.25)  # well before STALE_AFTER
    assert first.viewers("session:1", 0.25) == 1
    assert first.viewers("session:2", 0.25) == 0
    assert decoded(first.frames(0.25)) == [
        {"type": "presence", "topic": "session:1", "viewers": 1},
        {"type": "presence", "topic": "session:2", "viewers": 0},
        {"type": "tally", "topic": "session:1", "name": "reactions", "counts": {"applause": 1}},
    ]
    second.receive(farewell, now=0.25)  # a process hearing its own farewell keeps its own count
    assert second.viewers("session:2", 0.25) == 1


def test_a_new_subscriber_told_a_figure_the_others_were_not_sent_gets_the_next_total_with_them() -> None:
    """The two-host failover, one tick at a time: a host stops, its people come back to this process.

    The host's farewell, the first returning person's join and the second's arrive between two ticks.
    The first is told 3 on joining; at the next tick the total is 4 again, the figure the others
    were last sent. Without a frame then, the first would keep 3 while everyone else sees 4."""
    here, sibling, stopping = Aggregates("here"), Aggregates("sibling"), Aggregates("stopping")
    here.joined("session:1", ("user", 3))
    sibling.joined("session:1", ("user", 4))
    stopping.joined("session:1", ("user", 1))
    stopping.joined("session:1", ("user", 2))
    exchange([here, sibling, stopping], now=0)
    assert decoded(here.frames(0)) == [{"type": "presence", "topic": "session:1", "viewers": 4}]

    here.receive(stopping.farewell(), now=0.1)
    here.joined("session:1", ("user", 1))
    assert here.presence_frame("session:1", 0.1) == {"type": "presence", "topic": "session:1", "viewers": 3}
    sibling.joined("session:1", ("user", 2))
    exchange([here, sibling], now=0.25)
    assert decoded(here.frames(0.25)) == [{"type": "presence", "topic": "session:1", "viewers": 4}]
    exchange([here, sibling], now=0.5)
    assert here.frames(0.5) == []  # everyone holds 4 now


def test_a_new_subscriber_told_what_the_others_hold_sends_nobody_anything_more() -> None:
    here = Aggregates("here")
    here.joined("session:1", ("user", 1))
    exchange([here], now=0)
    assert decoded(here.frames(0)) == [{"type": "presence", "topic": "session:1", "viewers": 1}]
    here.joined("session:1", ("user", 1))  # a second tab of the same person: still 1
    assert here.presence_frame("session:1", 0.1) == {"type": "presence", "topic": "session:1", "viewers": 1}
    exchange([here], now=0.25)
    assert here.frames(0.25) == []


def test_a_process_that_starts_late_hears_everyone_s_counts_at_the_next_tick() -> None:
    """A worker's broker starts with its first subscriber: it knows nobody's counts, and would count
    only its own until the others' next announcement, up to ANNOUNCE_EVERY later."""
    first, late = Aggregates("first"), Aggregates("late")
    first.joined("session:1", ("user", 1))
    first.joined("session:1", ("user", 2))
    exchange([first], now=0)
    first.frames(0)

    late.joined("session:1", ("user", 3))
    exchange([first, late], now=1)  # the newcomer's first share reaches the first process
    assert decoded(late.frames(1)) == [{"type": "presence", "topic": "session:1", "viewers": 1}]
    assert decoded(first.frames(1)) == [{"type": "presence", "topic": "session:1", "viewers": 3}]
    exchange([first, late], now=1.25)  # the first process announces again for it, a tick later
    assert decoded(late.frames(1.25)) == [{"type": "presence", "topic": "session:1", "viewers": 3}]
    assert first.to_share(1.5) is None  # once: the newcomer is known now
    assert first.sizes()["processes_heard"] == 1


def test_processes_heard_are_forgotten_when_they_fall_silent_or_say_farewell() -> None:
    here, quiet, leaving = Aggregates("here"), Aggregates("quiet"), Aggregates("leaving")
    here.joined("session:1", ("user", 1))
    quiet.count("session:1", "reactions", "applause")
    leaving.joined("session:1", ("user", 2))
    exchange([here, quiet, leaving], now=0)
    assert here.sizes()["processes_heard"] == 2
    here.receive(leaving.farewell(), now=1)
    assert here.sizes()["processes_heard"] == 1
    here.to_share(STALE_AFTER)  # the announcement after STALE_AFTER forgets the quiet one
    assert here.sizes()["processes_heard"] == 0
