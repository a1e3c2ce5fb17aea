"""Booth chat and named presence on the ``booth:<id>`` topic (registered by exhibition/live.py).

Snapshot ``data.boothchat`` (conversations.state)::

    {"role": "team" | "visitor" | "anonymous",
     "conversations": [{"id", "visitor", "visitor_name", "last_at",
                        "messages": [{"id", "author", "author_id", "from_booth", "text", "at"}, ...]}, ...]}

A visitor gets only their own conversation; the booth's team (staff, organisers) the 30 most
recently active ones, the most recent first, each with its last 50 messages. Changes are never
published on ``booth:<id>`` itself: they go to the ``user:<id>`` topics of the conversation's
visitor and of the booth's team, whose clients follow their own ``user:`` topic beside the booth's:

    {"boothchat": {"booth": 7, "conversation": {"id", "visitor", "visitor_name", "last_at"}, "added": {message}}}
    {"boothchat": {"booth": 7, "conversation": 12, "deleted": 345}}

Commands: ``boothchat.send`` ``{"text", "conversation"?}`` (visitors leave out ``conversation``;
the team names the one it answers), ``boothchat.delete`` ``{"id"}`` (the team),
``visitors.here`` ``{}`` (a visitor's page says it is still open; acknowledged with
``{"named": bool}``), ``visitors.list`` ``{}`` (the team: the named visitors here now, in the
acknowledgement: ``{"visitors": [{"id", "name", "since"}]}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field

import pavilion.exhibition.live  # noqa: F401  (registers the "booth" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.boothtalk import conversations, presence
from pavilion.boothtalk.services import require_team
from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.exhibition.models import Booth
from pavilion.live.registry import registry
from pavilion.live.schemas import Command, Id


class SendMessage(Command):
    text: str = Field(max_length=MAX_MESSAGE_LENGTH, strict=True)
    conversation: Id | None = None


class DeleteMessage(Command):
    id: Id


class Nothing(Command):
    pass


def _booth(key: int) -> Booth:
    return Booth.objects.select_related("event").get(pk=key)


@registry.snapshot_part("booth", "boothchat")
def boothchat_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    # Each person sees their own conversations: a booth's crowd is small, so one by one.
    booth = _booth(key)
    return [conversations.state(booth=booth, user=user) for user in viewers]


@registry.command("boothchat.send", topic_kinds={"booth"}, schema=SendMessage)
def send(*, user: User, key: int, data: SendMessage) -> dict[str, int]:
    booth = _booth(key)
    conversation = None
    if data.conversation is not None:
        require_team(booth=booth, user=user)  # before saying which conversations exist
        conversation = conversations.find_conversation(booth=booth, conversation_id=data.conversation)
    message = conversations.post_message(booth=booth, by=user, text=data.text, conversation=conversation)
    return {"id": message.pk, "conversation": message.conversation_id}


@registry.command("boothchat.delete", topic_kinds={"booth"}, schema=DeleteMessage)
def delete(*, user: User, key: int, data: DeleteMessage) -> dict[str, int]:
    booth = _booth(key)
    require_team(booth=booth, user=user)  # before saying which messages exist
    conversations.delete_message(message=conversations.find_message(booth=booth, message_id=data.id), by=user)
    return {"id": data.id}


@registry.command("visitors.here", topic_kinds={"booth"}, schema=Nothing)
def here(*, user: User, key: int, data: Nothing) -> dict[str, bool]:
    return {"named": presence.note_here(booth=_booth(key), user=user)}


@registry.command("visitors.list", topic_kinds={"booth"}, schema=Nothing)
def visitors(*, user: User, key: int, data: Nothing) -> dict[str, list[dict[str, Any]]]:
    return {"visitors": presence.visitors_here(booth=_booth(key), by=user)}
