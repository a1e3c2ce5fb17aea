"""The interpreters' own chat: a session's booth team (its interpreters, chairs and the event's organisers)
writes to each other on ``interpreters:<session id>``, a topic no one else may follow.

Who is on the team is decided here once, for the page, the live topic and the commands. Losing the
role (an interpreter removed, a chair unlinked, an organiser leaving the team, the session closed to
them) ends the subscription at once: live.py announces those changes through ``live/revocation.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from pavilion.accounts.identity import account_of, author_name
from pavilion.accounts.models import User
from pavilion.core.texts import MESSAGE_RATE_WINDOW, clean_message, refuse_too_quick
from pavilion.events import roles
from pavilion.events.access import AnyUser, session_open_to, viewers_for
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Session
from pavilion.interpretation.models import Interpreter, TeamMessage
from pavilion.live.broker import publish_on_commit

#: How many lines a new subscriber and the page get.
RECENT_LINES = 50

NOT_ON_TEAM = gettext_lazy("Only the session's interpreters, chairs and organisers may use the interpreters' chat.")


def team_topic(session: Session | int) -> str:
    return f"interpreters:{session if isinstance(session, int) else session.pk}"


def team_ids(*, session: Session) -> set[int]:
    """The accounts of the session's booth team: interpreters, chairs and moderators, organisers, platform admins."""
    interpreters = Interpreter.objects.filter(session=session).values_list("user_id", flat=True)
    return roles.moderating_account_ids(session=session) | set(interpreters)


def on_team(*, session: Session, users: Sequence[AnyUser]) -> list[bool]:
    """Whether each of these people may follow and write in the interpreters' chat: on the team and able
    to see the session (a role never opens a closed session). A few queries however many they are."""
    accounts = [account_of(user) for user in users]
    if not any(accounts):
        return [False] * len(users)
    visible = session_open_to(session=session, viewers=viewers_for(event=session.event, users=accounts))
    team = team_ids(session=session)
    return [
        account is not None and seen and account.pk in team for account, seen in zip(accounts, visible, strict=True)
    ]


def require_team(*, session: Session, user: AnyUser) -> User:
    account = roles.require_participant(
        session=session, user=user, sign_in=gettext("Sign in to chat."), not_visible=NOT_ON_TEAM
    )
    if not on_team(session=session, users=[account])[0]:
        raise PermissionDenied(str(NOT_ON_TEAM))
    return account


def line_data(message: TeamMessage) -> dict[str, Any]:
    """A line as the snapshot and the "added" event carry it."""
    return {
        "id": message.pk,
        "author": author_name(message.author),
        "author_id": message.author_id,
        "text": message.text,
        "at": message.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def recent_lines(*, session: Session, limit: int = RECENT_LINES) -> list[TeamMessage]:
    """The last ``limit`` lines, oldest first."""
    newest = TeamMessage.objects.filter(session=session).select_related("author").order_by("-created_at", "-pk")
    return list(reversed(newest[:limit]))


def post_line(*, session: Session, by: AnyUser, text: str) -> TeamMessage:
    """Write in the interpreters' chat (the booth team only; 1 to 500 characters, 5 lines per 10 seconds).
    Publishes ``{"interpreters": {"added": line}}`` on the team's topic, never on the session's."""
    author = require_team(session=session, user=by)
    refuse_after_end(session=session, field="text", refusal=gettext("This session has ended: its chat is closed."))
    text = clean_message(text)
    with transaction.atomic():
        since = timezone.now() - MESSAGE_RATE_WINDOW
        refuse_too_quick(TeamMessage.objects.filter(session=session, author=author, created_at__gte=since).count())
        message = TeamMessage.objects.create(session=session, author=author, text=text)
        publish_on_commit(team_topic(session), {"interpreters": {"added": line_data(message)}})
    return message
