"""``{% chat_panel session viewer as chat %}``: what the session page's chat panel shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import template

from pavilion.chat import services
from pavilion.chat.forms import ChatMessageForm
from pavilion.events import roles
from pavilion.events.access import Viewer
from pavilion.events.models import Session

register = template.Library()


@dataclass(frozen=True)
class PanelMessage:
    id: int
    author: str
    author_id: int
    text: str
    at: str  # ISO UTC, for <time datetime>
    created_at: datetime  # shown in the viewer's time zone
    author_is_muted: bool
    may_mute: bool  # not the viewer, not a moderator


@dataclass(frozen=True)
class ChatPanel:
    messages: list[PanelMessage]
    form: ChatMessageForm
    user_id: int | None
    is_moderator: bool
    is_muted: bool
    protected_ids: str  # accounts the live client offers no Mute button for (space-separated)


@register.simple_tag
def chat_panel(session: Session, viewer: Viewer) -> ChatPanel:
    """Recent messages and the viewer's part in the chat, in a fixed number of queries."""
    user = viewer.user
    recent = services.recent_messages(session=session)
    moderator = roles.viewer_moderates(session=session, viewer=viewer)
    muted: set[int] = set()
    protected: set[int] = set()
    if moderator and user is not None:
        muted = set(services.muted_ids(session=session))
        superusers = {message.author_id for message in recent if message.author.is_superuser}
        protected = roles.moderator_ids(session=session) | superusers | {user.pk}
    messages = [
        PanelMessage(
            **services.message_data(message),
            created_at=message.created_at,
            author_is_muted=message.author_id in muted,
            may_mute=moderator and message.author_id not in protected,
        )
        for message in recent
    ]
    return ChatPanel(
        messages=messages,
        form=ChatMessageForm(),
        user_id=user.pk if user is not None else None,
        is_moderator=moderator,
        is_muted=user is not None and services.is_muted(session=session, user=user),
        protected_ids=" ".join(str(pk) for pk in sorted(protected)),
    )
