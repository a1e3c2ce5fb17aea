"""Chat rules: who may write, who moderates, and what each change tells the session's live topic.

Every door (the session page's forms, the live commands) calls these functions, so a rule is
enforced once. Each write commits, then publishes its event on ``session:<id>``; a refused call
raises PermissionDenied or ValidationError({field: message}) and changes nothing.

Refusals use ``gettext`` (not the lazy form) so the message is rendered in the language active
when it is raised: the request's on pages, the account's on live commands.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of, require_account
from pavilion.accounts.models import User
from pavilion.chat.models import MAX_MESSAGE_LENGTH, ChatMessage, ChatMute
from pavilion.events.access import AnyUser, can_see_session, is_organiser
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Session, SessionRole, SessionSpeaker
from pavilion.live.broker import publish_on_commit

#: How many messages a new subscriber and the page get.
RECENT_MESSAGES = 50
#: At most RATE_LIMIT_MESSAGES per RATE_LIMIT_WINDOW per person per session.
RATE_LIMIT_MESSAGES = 5
RATE_LIMIT_WINDOW = timedelta(seconds=10)

MODERATING_ROLES = (SessionRole.CHAIR, SessionRole.MODERATOR)


def topic_of(session: Session) -> str:
    return f"session:{session.pk}"


def may_see(*, session: Session, user: AnyUser) -> bool:
    """The same rule as the session page and the live topic."""
    return can_see_session(session=session, user=user)


def moderator_ids(*, session: Session) -> set[int]:
    """Accounts that moderate this session's chat: its event's organisers and its chairs and moderators.

    Platform admins moderate too (they organise every event); they are not listed here.
    """
    organisers = set(session.event.organising_team.values_list("pk", flat=True))
    chairs = SessionSpeaker.objects.filter(
        session=session, role__in=MODERATING_ROLES, speaker__user__isnull=False
    ).values_list("speaker__user_id", flat=True)
    return organisers | set(chairs)


def moderating_accounts(*, session: Session) -> set[int]:
    """Everyone who moderates this session, platform admins included: who may see what is not public yet."""
    admins = User.objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True)
    return moderator_ids(session=session) | set(admins)


def is_moderator(*, session: Session, user: AnyUser) -> bool:
    """Organisers of the event (and platform admins), and accounts linked to the session's chairs and moderators."""
    account = account_of(user)
    if account is None:
        return False
    return is_organiser(event=session.event, user=account) or leads_session(session=session, user=account)


def leads_session(*, session: Session, user: User) -> bool:
    """The account is linked (Speaker.user) to one of the session's chairs or moderators."""
    return SessionSpeaker.objects.filter(session=session, role__in=MODERATING_ROLES, speaker__user=user).exists()


def is_muted(*, session: Session, user: AnyUser) -> bool:
    account = account_of(user)
    return account is not None and ChatMute.objects.filter(session=session, user=account).exists()


def muted_ids(*, session: Session) -> list[int]:
    """The accounts muted in this session's chat (for moderators' eyes only)."""
    return list(ChatMute.objects.filter(session=session).order_by("user_id").values_list("user_id", flat=True))


def author_name(user: User) -> str:
    """The author's display name, the same for every reader whatever their language.

    One event frame goes to every subscriber, so the name (its honorific is translatable) is
    rendered in the site's default language on every door, pages included.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return user.display_name


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


def _require_visible(*, session: Session, user: User) -> None:
    if not may_see(session=session, user=user):
        raise PermissionDenied(gettext("You cannot take part in this session's chat."))


def require_moderator(*, session: Session, user: AnyUser) -> User:
    """The moderator's account, or PermissionDenied for anyone who does not moderate this chat."""
    account = require_account(user, gettext("Sign in to chat."))
    _require_visible(session=session, user=account)
    if not is_moderator(session=session, user=account):
        raise PermissionDenied(gettext("Only the session's moderators and the event's organisers may do this."))
    return account


def clean_text(text: str) -> str:
    """The message as it will be stored, or ValidationError({"text": …})."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": gettext("Write a message first.")})
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "text": gettext("A message can have at most %(limit)d characters (it has %(length)d).")
                % {"limit": MAX_MESSAGE_LENGTH, "length": len(text)}
            }
        )
    return text


def post_message(*, session: Session, by: AnyUser, text: str) -> ChatMessage:
    """Post a message in the session's chat.

    The author must be signed in, able to see the session and not muted; the text is stripped and
    must be 1 to 500 characters long; at most 5 messages per 10 seconds per person per session.
    Publishes ``{"chat": {"added": {...}}}``.
    """
    author = require_account(by, gettext("Sign in to chat."))
    _require_visible(session=session, user=author)
    refuse_after_end(session=session, field="text", refusal=gettext("This session has ended: its chat is closed."))
    if is_muted(session=session, user=author):
        raise PermissionDenied(gettext("You are muted in this chat."))
    text = clean_text(text)
    with transaction.atomic():
        # Counted in the database, so every worker and server shares the limit.
        since = timezone.now() - RATE_LIMIT_WINDOW
        recent = ChatMessage.objects.filter(session=session, author=author, created_at__gte=since).count()
        if recent >= RATE_LIMIT_MESSAGES:
            raise ValidationError(
                {"text": gettext("You are sending messages too quickly. Wait a few seconds and try again.")}
            )
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
    """Stop ``user`` writing in the session's chat (moderators only). Publishes ``{"chat": {"muted": user_id}}``.

    Moderators cannot be muted (they could unmute themselves). Muting someone already muted
    changes nothing and publishes nothing.
    """
    moderator = require_moderator(session=session, user=by)
    if user.pk == moderator.pk or is_moderator(session=session, user=user):
        raise ValidationError({"user_id": gettext("Moderators and organisers cannot be muted.")})
    with transaction.atomic():
        muted, created = ChatMute.objects.get_or_create(session=session, user=user, defaults={"muted_by": moderator})
        if created:
            _publish(session, {"muted": user.pk})
    return muted


def unmute(*, session: Session, user: User, by: AnyUser) -> None:
    """Let ``user`` write in the session's chat again (moderators only). Publishes ``{"chat": {"unmuted": user_id}}``.

    Unmuting someone who is not muted changes nothing and publishes nothing.
    """
    require_moderator(session=session, user=by)
    with transaction.atomic():
        removed, _by_model = ChatMute.objects.filter(session=session, user=user).delete()
        if removed:
            _publish(session, {"unmuted": user.pk})


def _publish(session: Session, change: dict[str, Any]) -> None:
    publish_on_commit(topic_of(session), {"chat": change})
