"""Session roles: who chairs and who moderates a session, the one place every session feature asks.

- The event's organising team and platform admins organise every session of the event
  (``events.access.is_organiser``).
- A session's chairs and moderators are the speakers listed with those roles (``SessionSpeaker``)
  whose speaker profile is linked to an account (``Speaker.user``): they *chair the session*.
- The session's *moderators* are both: the organisers and the accounts that chair it. They moderate
  the chat, approve questions, open polls, give the floor and may caption in every language;
  captioner assignments for anyone else are the captions app's own (``captions.services``).
- Who may see a session at all is ``events.access.can_see_session``; a role never opens a closed
  session.

Chat, questions, polls, the floor, captions and booth conversations import these functions, so a
change to who moderates is made here once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of, require_account
from pavilion.accounts.models import User
from pavilion.core.request_memo import memoized
from pavilion.events.access import AnyUser, Viewer, can_see_session, is_organiser
from pavilion.events.models import Session, SessionRole, SessionSpeaker

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The speaker roles that chair a session (and so moderate it).
MODERATING_ROLES = (SessionRole.CHAIR, SessionRole.MODERATOR)


def chairs_session(*, session: Session, user: User) -> bool:
    """The account is linked (``Speaker.user``) to one of the session's chairs or moderators."""
    return memoized(
        ("chairs", session.pk, user.pk),
        lambda: SessionSpeaker.objects.filter(session=session, role__in=MODERATING_ROLES, speaker__user=user).exists(),
    )


def moderator_ids(*, session: Session) -> set[int]:
    """Accounts that moderate this session: its event's organising team and its chairs and moderators.

    Platform admins moderate too (they organise every event); they are not listed here.
    """
    organisers = set(session.event.organising_team.values_list("pk", flat=True))
    chairs = SessionSpeaker.objects.filter(
        session=session, role__in=MODERATING_ROLES, speaker__user__isnull=False
    ).values_list("speaker__user_id", flat=True)
    return organisers | set(chairs)


def moderating_account_ids(*, session: Session) -> set[int]:
    """Everyone who moderates this session, platform admins included: who may see what is not public yet."""
    admins = User.objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True)
    return moderator_ids(session=session) | set(admins)


def is_moderator(*, session: Session, user: AnyUser) -> bool:
    """Organisers of the event (and platform admins), and accounts that chair the session."""
    account = account_of(user)
    if account is None:
        return False
    return is_organiser(event=session.event, user=account) or chairs_session(session=session, user=account)


def viewer_moderates(*, session: Session, viewer: Viewer) -> bool:
    """``is_moderator`` for a viewer already worked out: only chairs and moderators need a look-up."""
    user = viewer.user
    return user is not None and (viewer.is_organiser or chairs_session(session=session, user=user))


def require_participant(*, session: Session, user: AnyUser, sign_in: StrOrPromise, not_visible: StrOrPromise) -> User:
    """The signed-in account that may see the session, or PermissionDenied with the feature's own message.

    The messages are rendered when raised (lazy texts welcome), in the language active then.
    """
    account = require_account(user, str(sign_in))
    if not can_see_session(session=session, user=account):
        raise PermissionDenied(str(not_visible))
    return account


def require_moderator(*, session: Session, user: AnyUser, sign_in: StrOrPromise, not_visible: StrOrPromise) -> User:
    """The moderator's account, or PermissionDenied for anyone who may not see or does not moderate the session."""
    account = require_participant(session=session, user=user, sign_in=sign_in, not_visible=not_visible)
    if not is_moderator(session=session, user=account):
        raise PermissionDenied(gettext("Only the session's moderators and the event's organisers may do this."))
    return account
