"""Presence and tallies: figures the gateway aggregates and sends at most a few times a second.

Neither is stored nor numbered: a presence count ("how many people follow this topic now") and a
tally ("how many applause reactions came in the last moment") are only worth their latest value,
so a crowd of 5,000 produces a handful of frames per second instead of 5,000 events.

Each gateway process counts its own viewers and tallies and, every ``TICK`` seconds, shares what
changed with every process (through the broker; in memory when there is one process). Each process
then sends its own subscribers, at most once per tick and topic:

    {"type": "presence", "topic": "session:12", "viewers": 37}
    {"type": "tally", "topic": "session:12", "name": "reactions", "counts": {"applause": 12}}

Once a minute each process also hands its own counts to the topic kind's presence sink, if it has
one (sessions keep them as attendance over time); the samples of all processes add up.

A viewer is a signed-in person (counted once however many tabs they open in one process) or an
anonymous connection. Processes re-announce their counts every ``ANNOUNCE_EVERY`` seconds, and at
once when they hear from a process for the first time (one that just started knows nobody's
counts); a process not heard of for ``STALE_AFTER`` seconds (it was killed) no longer counts. A
process that stops in order says farewell (``farewell``): the others stop counting its viewers at
once, while its people reconnect elsewhere and are counted there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from typing import Any

from pavilion.live.protocol import encode

#: Seconds between two rounds of shared figures and frames (so at most 4 frames per second and topic).
TICK = 0.25
ANNOUNCE_EVERY = 5.0
STALE_AFTER = 15.0
#: Seconds between two presence samples kept for attendance over time (registry.presence_sink).
SAMPLE_EVERY = 60.0

#: What processes share each tick: {"process": id, "presence": {topic: viewers}, "tallies": {topic: {name: {key: n}}}}
Shared = dict[str, Any]


class Aggregates:
    """One process's presence counts and tallies, and what it heard from the other processes."""

    def __init__(self, process: str) -> None:
        self.process = process
        self._viewers: dict[str, Counter[Hashable]] = {}  # topic → viewer → this process's connections
        self._changed: set[str] = set()  # topics whose local count changed since the last share
        self._tallies: defaultdict[str, defaultdict[str, Counter[str]]] = _tally_table()
        self._others: dict[str, dict[str, tuple[int, float]]] = {}  # topic → process → (viewers, heard at)
        self._heard: dict[str, float] = {}  # other process → when it last shared anything
        self._received: defaultdict[str, defaultdict[str, Counter[str]]] = _tally_table()
        self._unsent: set[str] = set()  # topics whose total may have changed since the last frames
        self._sent: dict[str, int] = {}
        self._announced_at = float("-inf")

    # This process's viewers and tallies

    def joined(self, topic: str, viewer: Hashable) -> None:
        self._viewers.setdefault(topic, Counter())[viewer] += 1
        self._changed.add(topic)

    def left(self, topic: str, viewer: Hashable) -> None:
        viewers = self._viewers.get(topic)
        if viewers is None or viewers[viewer] == 0:
            return
        viewers[viewer] -= 1
        if viewers[viewer] == 0:
            del viewers[viewer]
        if not viewers:
            del self._viewers[topic]
        self._changed.add(topic)

    def count(self, topic: str, name: str, key: str) -> None:
        self._tallies[topic][name][key] += 1

    def sizes(self) -> dict[str, int]:
        """How many topics each table holds (the gateway's report, ``PAVILION_LIVE_REPORT_EVERY``)."""
        return {
            "viewed": len(self._viewers),
            "viewed_elsewhere": len(self._others),
            "counted": len(self._sent),
            "processes_heard": len(self._heard),
        }

    def local_viewers(self) -> dict[str, int]:
        """This process's viewers per topic (for attendance samples: processes' samples add up)."""
        return {topic: len(viewers) for topic, viewers in self._viewers.items()}

    def viewers(self, topic: str, now: float) -> int:
        """Viewers of the topic in every process, as far as this process knows now."""
        here = len(self._viewers.get(topic, ()))
        elsewhere = self._others.get(topic, {})
        return here + sum(viewers for viewers, heard in elsewhere.values() if now - heard < STALE_AFTER)

    # Between processes

    def to_share(self, now: float) -> Shared | None:
        """What the other processes should hear from this one now (None when there is nothing new)."""
        if now - self._announced_at >= ANNOUNCE_EVERY:
            self._announced_at = now
            self._changed.update(self._viewers)
            self._forget_quiet_processes(now)
        presence = {topic: len(self._viewers.get(topic, ())) for topic in sorted(self._changed)}
        self._unsent.update(self._changed)
        self._changed.clear()
        tallies = self._take_tallies()
        if not presence and not tallies:
            return None
        return {"process": self.process, "presence": presence, "tallies": tallies}

    def farewell(self) -> Shared:
        """The last share of a process that stops: it counts nobody any more (tallies not yet shared go too)."""
        return {"process": self.process, "presence": {}, "tallies": self._take_tallies(), "gone": True}

    def _take_tallies(self) -> dict[str, dict[str, dict[str, int]]]:
        """This process's tallies since the last share, as shared; counting starts again from zero."""
        tallies = {topic: {name: dict(keys) for name, keys in names.items()} for topic, names in self._tallies.items()}
        self._tallies.clear()
        return tallies

    def _forget_quiet_processes(self, now: float) -> None:
        for process, at in list(self._heard.items()):
            if now - at >= STALE_AFTER:
                del self._heard[process]
        for topic, heard in list(self._others.items()):
            for process, (_viewers, at) in list(heard.items()):
                if now - at >= STALE_AFTER:
                    del heard[process]
                    self._unsent.add(topic)
            if not heard:
                del self._others[topic]

    def receive(self, shared: Shared, now: float) -> None:
        """Take in what a process (this one too: tallies travel the same way for everyone) shared."""
        process = str(shared.get("process"))
        if process != self.process and shared.get("gone"):
            self._heard.pop(process, None)
            for topic, heard in list(self._others.items()):
                if heard.pop(process, None) is not None:
                    self._unsent.add(topic)
                if not heard:
                    del self._others[topic]
        elif process != self.process:
            if process not in self._heard:
                # A process heard for the first time has just started (or was silent): it hears this
                # one's counts at the next tick, not up to ANNOUNCE_EVERY later.
                self._announced_at = float("-inf")
            self._heard[process] = now
            for topic, viewers in dict(shared.get("presence") or {}).items():
                heard = self._others.setdefault(topic, {})
                if viewers:
                    heard[process] = (int(viewers), now)
                else:
                    heard.pop(process, None)
                if not heard:
                    del self._others[topic]
                self._unsent.add(topic)
        for topic, names in dict(shared.get("tallies") or {}).items():
            for name, keys in names.items():
                self._received[topic][name].update({str(key): int(n) for key, n in keys.items()})

    # To this process's subscribers

    def frames(self, now: float) -> list[tuple[str, str]]:
        """(topic, encoded frame) to send to the topic's local subscribers: changed totals and new tallies."""
        frames: list[tuple[str, str]] = []
        for topic in sorted(self._unsent):
            viewers = self.viewers(topic, now)
            if viewers != self._sent.get(topic):
                frames.append((topic, encode({"type": "presence", "topic": topic, "viewers": viewers})))
            if viewers:
                self._sent[topic] = viewers
            else:
                self._sent.pop(topic, None)
        self._unsent.clear()
        for topic, names in sorted(self._received.items()):
            for name, keys in sorted(names.items()):
                frame = {"type": "tally", "topic": topic, "name": name, "counts": dict(sorted(keys.items()))}
                frames.append((topic, encode(frame)))
        self._received.clear()
        return frames

    def presence_frame(self, topic: str, now: float) -> dict[str, Any]:
        """The frame a new subscriber gets right after its snapshot.

        When it is not the figure the topic's other subscribers were last sent, the next tick sends
        the total to all of them, the new one included, even if the total is back at that figure by
        then (a host's farewell and two returning people between two ticks): so nobody keeps a
        figure the others have moved past.
        """
        viewers = self.viewers(topic, now)
        if viewers != self._sent.get(topic, 0):
            self._sent.pop(topic, None)
            self._unsent.add(topic)
        return {"type": "presence", "topic": topic, "viewers": viewers}


def _tally_table() -> defaultdict[str, defaultdict[str, Counter[str]]]:
    return defaultdict(lambda: defaultdict(Counter))
