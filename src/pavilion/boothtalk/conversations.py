"""Booth chat: each signed-in visitor has one private conversation with a booth; the booth's staff
and the event's organisers (the booth's "team") read every conversation of the booth and answer.

Why private conversations rather than one open room: exhibitors talk with visitors about their
needs, budgets and contact details, as at a real stand's table, and a visitor asking a question
should not have it read by competitors browsing the same booth. So nothing of a conversation is
ever published on the shared ``booth:<id>`` topic: each change goes to the ``user:<id>`` topics of
the visitor and of the booth's team, and the ``boothchat`` snapshot part shows each person only
what they may read.

Every door (the booth page's forms, the live commands) calls these functions. Each write commits,
then publishes; a refused call raises PermissionDenied or ValidationError({field: message}) and
changes nothing. Texts are checked like the session chat's (``core.texts.clean_message``: 1 to 500
characters) and rate-limited the same way (5 messages per 10 seconds per person and conversation).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of, author_name
from pavilion.accounts.models import User
from pavilion.boothtalk.models import BoothConversation, BoothMessage
from pavilion.boothtalk.services import (
    answers_for_booth,
    require_team,
    require_visitor,
    team_ids,
)
from pavilion.core.texts import MESSAGE_RATE_WINDOW, clean_message, refuse_too_quick
from pavilion.events.access import AnyUser
from pavilion.exhibition.models import Booth
from pavilion.live.broker import publish_on_commit

#: Messages of a conversation that the snapshot and the page carry.
RECENT_MESSAGES = 50
#: Conversations the booth's team gets, the most recently active first.
RECENT_CONVERSATIONS = 30


def _at(moment: Any) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _precise(moment: Any) -> str:
    """Microseconds too: conversations are ordered by it, and two may be active in the same second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def message_data(message: BoothMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": author_name(message.author),
        "author_id": message.author_id,
        "from_booth": message.from_booth,
        "text": message.text,
        "at": _at(message.created_at),
    }


def conversation_summary(conversation: BoothConversation) -> dict[str, Any]:
    return {
        "id": conversation.pk,
        "visitor": conversation.visitor_id,
        "visitor_name": author_name(conversation.visitor),
        "last_at": _precise(conversation.last_message_at),
    }


def _recent_messages(chosen: list[BoothConversation]) -> dict[int, list[BoothMessage]]:
    """The last RECENT_MESSAGES messages of each conversation (not deleted), oldest first, in one query."""
    newest_first = (
        BoothMessage.objects.filter(conversation__in=chosen, deleted_at__isnull=True)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("conversation_id")], order_by=[F("created_at").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=RECENT_MESSAGES)
        .select_related("author")
        .order_by("conversation_id", "created_at", "pk")
    )
    recent: dict[int, list[BoothMessage]] = {conversation.pk: [] for conversation in chosen}
    for message in newest_first:
        recent[message.conversation_id].append(message)
    return recent


def conversations_for(
    *, booth: Booth, user: AnyUser, team: bool | None = None
) -> list[tuple[BoothConversation, list[BoothMessage]]]:
    """What this person reads of the booth's chat, with each conversation's recent messages.

    The team: the booth's most recently active conversations; a visitor: their own (if any);
    anyone else: nothing. ``team`` saves the look-up when the caller knows whether they answer for the booth.
    """
    account = account_of(user)
    if account is None:
        return []
    if team is None:
        team = answers_for_booth(booth=booth, user=account)
    conversations: QuerySet[BoothConversation] = BoothConversation.objects.filter(booth=booth).select_related("visitor")
    if team:
        chosen = list(conversations.order_by("-last_message_at", "-pk")[:RECENT_CONVERSATIONS])
    else:
        chosen = list(conversations.filter(visitor=account))
    recent = _recent_messages(chosen)
    return [(conversation, recent[conversation.pk]) for conversation in chosen]


def state(*, booth: Booth, user: AnyUser) -> dict[str, Any]:
    """The ``boothchat`` snapshot part: the reader's role and the conversations they may read.

    ``role`` is "team" (answers for the booth), "visitor" (signed in) or "anonymous".
    """
    account = account_of(user)
    team = account is not None and answers_for_booth(booth=booth, user=account)
    return {
        "role": "anonymous" if account is None else "team" if team else "visitor",
        "conversations": [
            {**conversation_summary(conversation), "messages": [message_data(message) for message in messages]}
            for conversation, messages in conversations_for(booth=booth, user=account, team=team)
        ],
    }


def _readers(conversation: BoothConversation) -> set[int]:
    return team_ids(booth=conversation.booth) | {conversation.visitor_id}


def _publish(conversation: BoothConversation, change: dict[str, Any]) -> None:
    event = {"boothchat": {"booth": conversation.booth_id, **change}}
    for user_id in sorted(_readers(conversation)):
        publish_on_commit(f"user:{user_id}", event)


def post_message(
    *, booth: Booth, by: AnyUser, text: str, conversation: BoothConversation | None = None
) -> BoothMessage:
    """Write in a conversation of the booth's chat.

    A visitor writes in their own conversation (``conversation`` is None; it starts with their
    first message); the booth's team answers in one of the booth's conversations. Publishes
    ``{"boothchat": {"booth": id, "conversation": {summary}, "added": {message}}}`` to the visitor
    and the team.
    """
    if conversation is None:
        author = require_visitor(booth=booth, user=by, refusal=gettext("Sign in to write to the booth."))
        from_booth = False
    else:
        author = require_team(booth=booth, user=by)
        if conversation.booth_id != booth.pk:
            raise ValidationError({"conversation": gettext("There is no such conversation at this booth.")})
        from_booth = True
    text = clean_message(text)
    with transaction.atomic():
        if conversation is None:
            conversation, _created = BoothConversation.objects.get_or_create(
                booth=booth, visitor=author, defaults={"last_message_at": timezone.now()}
            )
        since = timezone.now() - MESSAGE_RATE_WINDOW
        refuse_too_quick(conversation.messages.filter(author=author, created_at__gte=since).count())
        message = BoothMessage.objects.create(
            conversation=conversation, author=author, from_booth=from_booth, text=text
        )
        BoothConversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        conversation.last_message_at = message.created_at
        conversation.booth = booth
        _publish(conversation, {"conversation": conversation_summary(conversation), "added": message_data(message)})
    return message


def delete_message(*, message: BoothMessage, by: AnyUser) -> BoothMessage:
    """Hide a message (the booth's team only); publishes ``{"boothchat": {"booth", "conversation", "deleted"}}``.

    Deleting a message already deleted changes nothing and publishes nothing.
    """
    conversation = message.conversation
    team_member = require_team(booth=conversation.booth, user=by)
    with transaction.atomic():
        changed = BoothMessage.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
            deleted_at=timezone.now(), deleted_by=team_member
        )
        if changed:
            _publish(conversation, {"conversation": conversation.pk, "deleted": message.pk})
    message.refresh_from_db(fields=["deleted_at", "deleted_by"])
    return message


def find_conversation(*, booth: Booth, conversation_id: int) -> BoothConversation:
    """A conversation of this booth, or ValidationError({"conversation": …}) (ask require_team first)."""
    conversation = (
        BoothConversation.objects.filter(pk=conversation_id, booth=booth).select_related("visitor", "booth").first()
    )
    if conversation is None:
        raise ValidationError({"conversation": gettext("There is no such conversation at this booth.")})
    return conversation


def find_message(*, booth: Booth, message_id: int) -> BoothMessage:
    """A message of one of this booth's conversations, or ValidationError({"id": …}) (ask require_team first)."""
    message = (
        BoothMessage.objects.filter(pk=message_id, conversation__booth=booth)
        .select_related("conversation__booth__event")
        .first()
    )
    if message is None:
        raise ValidationError({"id": gettext("There is no such message in this booth's chat.")})
    return message


def visitor_conversations(*, user: User, event_id: int) -> QuerySet[BoothConversation]:
    """The conversations a visitor has started at an event's booths, for their "My contacts and meetings" page."""
    return (
        BoothConversation.objects.filter(visitor=user, booth__event_id=event_id)
        .select_related("booth")
        .order_by("-last_message_at", "-pk")
    )
