"""What the gateway can serve, as the apps declare it in their own ``live.py`` modules.

The gateway knows nothing of events, chat or polls: a topic kind ("session", "booth" …) comes with
a function deciding who may subscribe, snapshot parts that together describe its current state,
and commands (validated against a pydantic schema) that change it. Each app registers its part when
Django starts (``LiveConfig.ready`` imports every app's ``live`` module).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from pavilion.accounts.models import User

#: Decides whether ``user`` (None when anonymous) may subscribe to the topic with this key.
Authorize = Callable[[User | None, int], bool]
#: Returns one part of a topic's snapshot (JSON-ready) for this user.
SnapshotPart = Callable[[User | None, int], Any]
#: Carries out a command; runs in a worker thread, may write to the database and publish.
Handler = Callable[..., Any]
#: Keeps one process's presence sample: ({key: viewers in this process}, the minute, the process id).
PresenceSink = Callable[[dict[int, int], datetime, str], None]


@dataclass(frozen=True)
class Command:
    name: str
    topic_kinds: frozenset[str]
    schema: type[BaseModel]
    handler: Handler
    needs_account: bool
    #: The tally (live/aggregates.py) the command adds to; its handler returns the key to count.
    tally: str | None = None


@dataclass
class TopicKind:
    name: str
    authorize: Authorize
    #: Whether subscribers get presence frames (how many people follow the topic now).
    presence: bool = False
    #: Where each process's presence is sampled once a minute (attendance over time), if anywhere.
    presence_sink: PresenceSink | None = None
    snapshot_parts: dict[str, SnapshotPart] = field(default_factory=dict)


@dataclass
class Registry:
    kinds: dict[str, TopicKind] = field(default_factory=dict)
    commands: dict[str, Command] = field(default_factory=dict)

    def topic_kind(self, name: str, *, authorize: Authorize, presence: bool = False) -> None:
        """Declare a kind of topic, who may subscribe to it and whether its viewers are counted."""
        if name in self.kinds:
            raise ValueError(f"Topic kind {name!r} is registered twice.")
        self.kinds[name] = TopicKind(name=name, authorize=authorize, presence=presence)

    def snapshot_part(self, kind: str, name: str) -> Callable[[SnapshotPart], SnapshotPart]:
        """Decorator: add ``name`` to the snapshot of every topic of ``kind``."""

        def register(function: SnapshotPart) -> SnapshotPart:
            self.kinds[kind].snapshot_parts[name] = function
            return function

        return register

    def presence_sink(self, kind: str) -> Callable[[PresenceSink], PresenceSink]:
        """Decorator: once a minute each process hands its viewers of ``kind`` topics to this function.

        It runs in a worker thread and may write to the database; the samples of all processes for
        one minute add up to the topic's attendance (live/aggregates.py counts per process).
        """

        def register(function: PresenceSink) -> PresenceSink:
            if not self.kinds[kind].presence:
                raise ValueError(f"Topic kind {kind!r} does not count presence.")
            self.kinds[kind].presence_sink = function
            return function

        return register

    def command(
        self,
        name: str,
        *,
        topic_kinds: set[str],
        schema: type[BaseModel],
        needs_account: bool = True,
        tally: str | None = None,
    ) -> Callable[[Handler], Handler]:
        """Decorator: a command clients may send on topics of these kinds.

        The handler is called as ``handler(user=..., key=..., data=<validated schema instance>)``
        after the subscription check has passed for this topic; it returns a JSON-ready value
        for the acknowledgement (or None). A ``tally`` command's handler returns instead the key
        the gateway counts in that tally (e.g. "applause" in "reactions"); it stores nothing.
        """

        def register(handler: Handler) -> Handler:
            if name in self.commands:
                raise ValueError(f"Command {name!r} is registered twice.")
            unknown = topic_kinds - set(self.kinds)
            if unknown:
                raise ValueError(f"Command {name!r} names unknown topic kinds {sorted(unknown)}.")
            self.commands[name] = Command(
                name=name,
                topic_kinds=frozenset(topic_kinds),
                schema=schema,
                handler=handler,
                needs_account=needs_account,
                tally=tally,
            )
            return handler

        return register


registry = Registry()
