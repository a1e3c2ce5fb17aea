"""``{% booth_talk booth user as talk %}``: the booth page's "Talk with us" panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from pavilion.accounts.identity import account_of, author_name
from pavilion.boothtalk import contacts, conversations, presence
from pavilion.boothtalk.forms import BoothMessageForm
from pavilion.boothtalk.models import BoothConversation, BoothMessage, ContactStatus
from pavilion.events.access import AnyUser
from pavilion.exhibition.models import Booth

register = template.Library()


@dataclass(frozen=True)
class PanelConversation:
    conversation: BoothConversation
    visitor_name: str
    messages: list[dict[str, Any]]
    form: BoothMessageForm


@dataclass(frozen=True)
class TalkPanel:
    role: str  # "team", "visitor" or "anonymous"
    user_id: int | None
    conversations: list[PanelConversation]
    form: BoothMessageForm | None  # a visitor's form (the team answers in each conversation)
    shares_name: bool  # the page says "I am here" (visitors who let exhibitors see their name)
    here: list[dict[str, Any]]  # the team: named visitors here now
    is_staff: bool
    open_contacts: int
    heartbeat: int = presence.HEARTBEAT  # seconds between a named visitor's "still here"


def _messages(messages: list[BoothMessage]) -> list[dict[str, Any]]:
    return [{**conversations.message_data(message), "created_at": message.created_at} for message in messages]


@register.simple_tag
def booth_talk(booth: Booth, user: AnyUser, is_staff: bool, is_organiser: bool) -> TalkPanel:
    """What the booth page's "Talk with us" panel shows this person (the page knows their roles already)."""
    account = account_of(user)
    if account is None:
        return TalkPanel("anonymous", None, [], None, False, [], False, 0)
    team = is_staff or is_organiser
    read = conversations.conversations_for(booth=booth, user=account, team=team)
    panel_conversations = [
        PanelConversation(
            conversation=conversation,
            visitor_name=author_name(conversation.visitor),
            messages=_messages(messages),
            form=BoothMessageForm(conversation=conversation.pk if team else None),
        )
        for conversation, messages in read
    ]
    return TalkPanel(
        role="team" if team else "visitor",
        user_id=account.pk,
        conversations=panel_conversations,
        form=None if team else BoothMessageForm(),
        shares_name=account.show_name_to_exhibitors and not team,  # as presence.shares_name
        here=presence.here_now(booth=booth) if team else [],
        is_staff=is_staff,
        open_contacts=contacts.count_by_status(booth=booth)[ContactStatus.OPEN] if is_staff else 0,
    )
