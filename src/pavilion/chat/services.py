"""Chat rules: who may write, who moderates, and what each change tells the session's live topic.

Every door (the session page's forms, the live commands) calls these functions, so a rule is
enforced once. Each write commits, then publishes its event on ``session:<id>``; a refused call
raises PermissionDenied or ValidationError({field: message}) and changes nothing.

Refusals use ``gettext`` (not the lazy form) so the message is rendered in the language active
when it is raised: the request's on pages, the account's on live commands.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from pavilion.accounts.identity import account_of, author_name
from pavilion.accounts.models import User
from pavilion.chat.models import ChatMessage, ChatMute
from pavilion.core.texts import MESSAGE_RATE_WINDOW, clean_message, refuse_too_quick
from pavilion.events import roles
from pavilion.events.access import AnyUser
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Session
from pavilion.events.roles import is_moderator as is_moderator  # the live snapshot asks services
from pavilion.live.broker import publish_on_commit

#: Refused to anyone who may not see the session (rendered when raised).
NOT_VISIBLE = gettext_lazy("You cannot take part in this session's chat.")

#: How many messages a new subscriber and the page get.
RECENT_MESSAGES = 50


def topic_of(session: Session) -> str:
    return f"session:{session.pk}"


def is_muted(*, session: Session, user: AnyUser) -> bool:
    account = account_of(user)
    return account is not None and ChatMute.objects.filter(session=session, user=account).exists()


def muted_ids(*, session: Session) -> list[int]:
    """The accounts muted in this session's chat (for moderators' eyes only)."""
    return list(ChatMute.objects.filter(session=session).order_by("user_id").values_list("user_id", flat=True))


def message_data(message: ChatMessage) -> dict[str, Any]:
    """A message as the snapshot and the "added" event carry it."""
    return {
        "id": message.pk,
        "author": author_name(message.author),
        "author_id": message.author_id,
        "text": message.text,
        "at": message.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def recent_messages(*, session: Session, limit: int = RECENT_MESSAGES) -> list[ChatMessage]:
    """The last ``limit`` messages that are not deleted, oldest first."""
    newest: QuerySet[ChatMessage] = (
        ChatMessage.objects.filter(session=session, deleted_at__isnull=True)
        .select_related("author")
        .order_by("-created_at", "-pk")[:limit]
    )
    return list(reversed(newest))


def require_moderator(*, session: Session, user: AnyUser) -> User:
    """The moderator's account, or PermissionDenied for anyone who does not moderate this chat."""
    return roles.require_moderator(
        session=session,
        user=user,
        sign_in=gettext("Sign in to chat."),
        not_visible=NOT_VISIBLE,
    )


def post_message(*, session: Session, by: AnyUser, text: str) -> ChatMessage:
    """Post a message in the session's chat.

    The author must be signed in, able to see the session and not muted; the text is stripped and
    must be 1 to 500 characters long; at most 5 messages per 10 seconds per person per session.
    Publishes ``{"chat": {"added": {...}}}``.
    """
    author = roles.require_participant(
        session=session, user=by, sign_in=gettext("Sign in to chat."), not_visible=NOT_VISIBLE
    )
    refuse_after_end(session=session, field="text", refusal=gettext("This session has ended: its chat is closed."))
    if is_muted(session=session, user=author):
        raise PermissionDenied(gettext("You are muted in this chat."))
    text = clean_message(text)
    with transaction.atomic():
        # Counted in the database, so every worker and server shares the limit.
        since = timezone.now() - MESSAGE_RATE_WINDOW
        refuse_too_quick(ChatMessage.objects.filter(session=session, author=author, created_at__gte=since).count())
        message = ChatMessage.objects.create(session=session, author=author, text=text)
        _publish(session, {"added": message_data(message)})
    return message


def delete_message(*, message: ChatMessage, by: AnyUser) -> ChatMessage:
    """Hide a message from the chat (moderators only). Publishes ``{"chat": {"deleted": id}}``.

    Deleting a message that is already deleted changes nothing and publishes nothing.
    """
    session = message.session
    moderator = require_moderator(session=session, user=by)
    with transaction.atomic():
        changed = ChatMessage.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
            deleted_at=timezone.now(), deleted_by=moderator
        )
        if changed:
            _publish(session, {"deleted": message.pk})
    message.refresh_from_db(fields=["deleted_at", "deleted_by"])
    return message


def mute(*, session: Session, user: User, by: AnyUser) -> ChatMute:
    """Stop ``user`` writing in the session's chat (moderators only). Tells the moderators and that
    person ``{"chat": {"session": id, "muted": user_id}}`` on their ``user:`` topics.

    Moderators cannot be muted (they could unmute themselves). Muting someone already muted
    changes nothing and publishes nothing.
    """
    moderator = require_moderator(session=session, user=by)
    if user.pk == moderator.pk or is_moderator(session=session, user=user):
        raise ValidationError({"user_id": gettext("Moderators and organisers cannot be muted.")})
    with transaction.atomic():
        muted, created = ChatMute.objects.get_or_create(session=session, user=user, defaults={"muted_by": moderator})
        if created:
            _tell_moderators_and(user, session, {"muted": user.pk})
    return muted


def unmute(*, session: Session, user: User, by: AnyUser) -> None:
    """Let ``user`` write in the session's chat again (moderators only). Tells the moderators and that
    person ``{"chat": {"session": id, "unmuted": user_id}}``.

    Unmuting someone who is not muted changes nothing and publishes nothing.
    """
    require_moderator(session=session, user=by)
    with transaction.atomic():
        removed, _by_model = ChatMute.objects.filter(session=session, user=user).delete()
        if removed:
            _tell_moderators_and(user, session, {"unmuted": user.pk})


def _publish(session: Session, change: dict[str, Any]) -> None:
    publish_on_commit(topic_of(session), {"chat": change})


def _tell_moderators_and(user: User, session: Session, change: dict[str, Any]) -> None:
    """Who is muted is for the moderators and that person only: their own ``user:`` topics."""
    event = {"chat": {"session": session.pk, **change}}
    for account_id in sorted({user.pk} | roles.moderating_account_ids(session=session)):
        publish_on_commit(f"user:{account_id}", event)
