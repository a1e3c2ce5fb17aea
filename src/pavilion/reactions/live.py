"""Reactions on the ``session:<id>`` topic: the ``reactions.send`` command, counted, never stored.

A reaction is not an event: the gateway adds it to the topic's ``reactions`` tally, and every
subscriber receives the summed counts at most four times a second (live/aggregates.py)::

    {"type": "tally", "topic": "session:12", "name": "reactions", "counts": {"applause": 12, "agree": 3}}

Anyone who may follow the session may react, signed in or not; the gateway's per-connection
command limit keeps a single sender from flooding it.
"""

from __future__ import annotations

from pydantic import field_validator

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.live.registry import registry
from pavilion.live.schemas import Command
from pavilion.reactions.kinds import KEYS


class SendReaction(Command):
    reaction: str

    @field_validator("reaction")
    @classmethod
    def known(cls, reaction: str) -> str:
        if reaction not in KEYS:
            raise ValueError(f"Choose one of {', '.join(KEYS)}.")
        return reaction


@registry.command(
    "reactions.send", topic_kinds={"session"}, schema=SendReaction, needs_account=False, tally="reactions"
)
def send(*, user: User | None, key: int, data: SendReaction) -> str:
    return data.reaction
