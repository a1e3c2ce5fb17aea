"""Topic names: ``<kind>:<id>``, e.g. ``session:12``, ``event:3``, ``booth:7``, ``user:42``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pavilion.live.protocol import ProtocolError

_TOPIC = re.compile(r"^([a-z]{1,20}):([1-9][0-9]{0,17})$")


@dataclass(frozen=True)
class Topic:
    kind: str
    key: int

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.key}"


def parse_topic(value: object) -> Topic:
    """A topic from its name, or ProtocolError when the name is not of the form kind:id."""
    if not isinstance(value, str) or not (match := _TOPIC.match(value)):
        raise ProtocolError("bad_topic", "A topic is written kind:id, e.g. session:12.")
    return Topic(kind=match.group(1), key=int(match.group(2)))


def topic_name(kind: str, key: int) -> str:
    return f"{kind}:{key}"
