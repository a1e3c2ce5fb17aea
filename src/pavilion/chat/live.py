"""Chat on the ``session:<id>`` topic: the ``chat`` snapshot part and the ``chat.*`` commands.

The gateway has already checked that the user may follow the session; the services check again
(and check moderation), so the live door enforces exactly what the page's forms do.

Snapshot ``data.chat``::

    {"messages": [{"id", "author", "author_id", "text", "at"}, ...],  # last 50, oldest first
     "muted": [user ids],  # moderators only, else []
     "is_moderator": bool, "is_muted": bool}

Events ``{"chat": {"added": message}}``, ``{"chat": {"deleted": id}}``, ``{"chat": {"muted": user_id}}``
and ``{"chat": {"unmuted": user_id}}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.chat import services
from pavilion.chat.models import ChatMessage
from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.events.live import session_of as _session
from pavilion.events.models import Session
from pavilion.events.roles import moderating_account_ids
from pavilion.live.registry import registry
from pavilion.live.schemas import Command, Id


class SendMessage(Command):
    text: str = Field(max_length=MAX_MESSAGE_LENGTH, strict=True)


class DeleteMessage(Command):
    id: Id


class MuteUser(Command):
    user_id: Id


@registry.snapshot_part("session", "chat")
def chat_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    session = _session(key)
    messages = [services.message_data(message) for message in services.recent_messages(session=session)]
    moderators = moderating_account_ids(session=session)
    muted = services.muted_ids(session=session)
    parts = []
    for viewer in viewers:
        moderator = viewer is not None and viewer.pk in moderators
        parts.append(
            {
                "messages": messages,
                "muted": muted if moderator else [],
                "is_moderator": moderator,
                "is_muted": viewer is not None and viewer.pk in muted,
            }
        )
    return parts


@registry.command("chat.send", topic_kinds={"session"}, schema=SendMessage)
def send(*, user: User, key: int, data: SendMessage) -> dict[str, int]:
    message = services.post_message(session=_session(key), by=user, text=data.text)
    return {"id": message.pk}


@registry.command("chat.delete", topic_kinds={"session"}, schema=DeleteMessage)
def delete(*, user: User, key: int, data: DeleteMessage) -> dict[str, int]:
    services.require_moderator(session=_session(key), user=user)  # before saying what exists
    # Only a message of this topic's session: a moderator elsewhere cannot reach it through here.
    message = ChatMessage.objects.filter(pk=data.id, session_id=key).select_related("session__event").first()
    if message is None:
        raise ValidationError({"id": gettext("There is no such message in this chat.")})
    services.delete_message(message=message, by=user)
    return {"id": data.id}


def _account(session: Session, by: User, user_id: int) -> User:
    services.require_moderator(session=session, user=by)  # before saying which accounts exist
    account = User.objects.filter(pk=user_id).first()
    if account is None:
        raise ValidationError({"user_id": gettext("There is no such account.")})
    return account


@registry.command("chat.mute", topic_kinds={"session"}, schema=MuteUser)
def mute(*, user: User, key: int, data: MuteUser) -> dict[str, int]:
    session = _session(key)
    services.mute(session=session, user=_account(session, user, data.user_id), by=user)
    return {"user_id": data.user_id}


@registry.command("chat.unmute", topic_kinds={"session"}, schema=MuteUser)
def unmute(*, user: User, key: int, data: MuteUser) -> dict[str, int]:
    session = _session(key)
    services.unmute(session=session, user=_account(session, user, data.user_id), by=user)
    return {"user_id": data.user_id}
