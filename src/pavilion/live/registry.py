"""What the gateway can serve, as the apps declare it in their own ``live.py`` modules.

The gateway knows nothing of events, chat or polls: a topic kind ("session", "booth" …) comes with
a function deciding who may subscribe, snapshot parts that together describe its current state,
and commands (validated against a pydantic schema) that change it. Each app registers its part when
Django starts (``LiveConfig.ready`` imports every app's ``live`` module); a name registered twice
is an error at start-up, never a silent replacement.

Joins come in crowds (a session opening: thousands of people within seconds), so a snapshot part
answers for a batch of viewers at once: what is the same for everyone is read once per batch,
and what differs per person is read with one query for the whole batch (live/joins.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from pavilion.accounts.models import User

#: Decides whether ``user`` (None when anonymous) may subscribe to the topic with this key.
Authorize = Callable[[User | None, int], bool]
#: The same decision for several viewers at once, in their order (joins are admitted in batches).
AuthorizeMany = Callable[[Sequence[User | None], int], list[bool]]
#: One part of a topic's snapshot (JSON-ready) for each of these viewers, in their order.
SnapshotPart = Callable[[Sequence[User | None], int], list[Any]]
#: Keeps one process's presence sample: ({key: viewers in this process}, the minute, the process id).
PresenceSink = Callable[[dict[int, int], datetime, str], None]


class Handler(Protocol):
    """Carries out a command; runs in a worker thread, may write to the database and publish.

    ``data`` is an instance of the command's schema; the return value is JSON-ready (the ack's data).
    """

    def __call__(self, *, user: Any, key: int, data: Any) -> Any: ...


H = TypeVar("H", bound=Handler)


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
    authorize_many: AuthorizeMany
    #: Whether subscribers get presence frames (how many people follow the topic now).
    presence: bool = False
    #: Where each process's presence is sampled once a minute (attendance over time), if anywhere.
    presence_sink: PresenceSink | None = None
    snapshot_parts: dict[str, SnapshotPart] = field(default_factory=dict)


@dataclass
class Registry:
    kinds: dict[str, TopicKind] = field(default_factory=dict)
    commands: dict[str, Command] = field(default_factory=dict)

    def topic_kind(
        self,
        name: str,
        *,
        authorize: Authorize,
        authorize_many: AuthorizeMany | None = None,
        presence: bool = False,
    ) -> None:
        """Declare a kind of topic, who may subscribe to it and whether its viewers are counted.

        ``authorize_many`` answers for a batch of joining viewers with a few queries; without it
        the batch asks ``authorize`` once per viewer. Both must give the same answers.
        """
        if name in self.kinds:
            raise ValueError(f"Topic kind {name!r} is registered twice.")

        def one_by_one(users: Sequence[User | None], key: int) -> list[bool]:
            return [authorize(user, key) for user in users]

        self.kinds[name] = TopicKind(
            name=name, authorize=authorize, authorize_many=authorize_many or one_by_one, presence=presence
        )

    def snapshot_part(self, kind: str, name: str) -> Callable[[SnapshotPart], SnapshotPart]:
        """Decorator: add ``name`` to the snapshot of every topic of ``kind``.

        The function gets a batch of viewers (None for anonymous ones) and the topic's key and
        returns one JSON-ready value per viewer, in their order: the same as it would return for
        each of them alone (tests/live/test_snapshots.py checks every part so).
        """

        def register(function: SnapshotPart) -> SnapshotPart:
            if kind not in self.kinds:
                raise ValueError(f"Snapshot part {name!r} names an unknown topic kind {kind!r}.")
            if name in self.kinds[kind].snapshot_parts:
                raise ValueError(f"Snapshot part {name!r} of {kind!r} topics is registered twice.")
            self.kinds[kind].snapshot_parts[name] = function
            return function

        return register

    def presence_sink(self, kind: str) -> Callable[[PresenceSink], PresenceSink]:
        """Decorator: once a minute each process hands its viewers of ``kind`` topics to this function.

        It runs in a worker thread and may write to the database; the samples of all processes for
        one minute add up to the topic's attendance (live/aggregates.py counts per process).
        """

        def register(function: PresenceSink) -> PresenceSink:
            if self.kinds[kind].presence_sink is not None:
                raise ValueError(f"Topic kind {kind!r} has a presence sink already.")
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
    ) -> Callable[[H], H]:
        """Decorator: a command clients may send on topics of these kinds.

        The handler is called as ``handler(user=..., key=..., data=<validated schema instance>)``
        after the subscription check has passed for this topic; it returns a JSON-ready value
        for the acknowledgement (or None). A ``tally`` command's handler returns instead the key
        the gateway counts in that tally (e.g. "applause" in "reactions"); it stores nothing.
        """

        def register(handler: H) -> H:
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
