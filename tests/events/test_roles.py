"""Session roles as one table: each kind of person against each question the session features ask ``events.roles``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from pavilion.events import roles
from pavilion.events.access import viewer_for
from pavilion.events.models import AccessLevel, Session, SessionRole
from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

PEOPLE = [
    "anonymous",
    "visitor",
    "speaker",
    "chair",
    "moderator",
    "chair of another session",
    "organiser",
    "organiser of another event",
    "platform admin",
]

# person: (chairs_session, is_moderator, listed in moderator_ids, listed in moderating_account_ids)
TABLE: dict[str, tuple[bool, bool, bool, bool]] = {
    "anonymous": (False, False, False, False),
    "visitor": (False, False, False, False),
    "speaker": (False, False, False, False),
    "chair": (True, True, True, True),
    "moderator": (True, True, True, True),
    "chair of another session": (False, False, False, False),
    "organiser": (False, True, True, True),
    "organiser of another event": (False, False, False, False),
    "platform admin": (False, True, False, True),
}


def _linked(session: Session, role: str) -> Any:
    user = UserFactory.create()
    speaker = SpeakerFactory.create(event=session.event, user=user)
    SessionSpeakerFactory.create(session=session, speaker=speaker, role=role)
    return user


def person(kind: str, session: Session) -> Any:
    """One person of the table's ``kind`` for this session."""
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "speaker":
        return _linked(session, SessionRole.SPEAKER)
    if kind == "chair":
        return _linked(session, SessionRole.CHAIR)
    if kind == "moderator":
        return _linked(session, SessionRole.MODERATOR)
    if kind == "chair of another session":
        return _linked(SessionFactory.create(event=session.event), SessionRole.CHAIR)
    if kind == "organiser":
        user = UserFactory.create()
        session.event.organising_team.add(user)
        return user
    if kind == "organiser of another event":
        user = UserFactory.create()
        SessionFactory.create().event.organising_team.add(user)
        return user
    if kind == "platform admin":
        return UserFactory.create(is_superuser=True)
    return UserFactory.create()


def test_the_table_names_every_kind_of_person() -> None:
    assert sorted(TABLE) == sorted(PEOPLE)


@pytest.mark.parametrize("kind", PEOPLE)
def test_session_roles(kind: str) -> None:
    session = SessionFactory.create()
    user = person(kind, session)
    chairs, moderates, listed, listed_with_admins = TABLE[kind]
    account = user if user.is_authenticated else None
    assert (account is not None and roles.chairs_session(session=session, user=account)) is chairs
    assert roles.is_moderator(session=session, user=user) is moderates
    assert roles.viewer_moderates(session=session, viewer=viewer_for(event=session.event, user=user)) is moderates
    assert (account is not None and account.pk in roles.moderator_ids(session=session)) is listed
    assert (account is not None and account.pk in roles.moderating_account_ids(session=session)) is listed_with_admins


@pytest.mark.parametrize("kind", PEOPLE)
def test_require_moderator_lets_in_moderators_only(kind: str) -> None:
    session = SessionFactory.create()
    user = person(kind, session)
    _chairs, moderates, _listed, _listed_with_admins = TABLE[kind]
    if moderates:
        assert roles.require_moderator(session=session, user=user, sign_in="sign in", not_visible="hidden") == user
        return
    with pytest.raises(PermissionDenied) as refused:
        roles.require_moderator(session=session, user=user, sign_in="sign in", not_visible="hidden")
    expected = (
        "sign in" if kind == "anonymous" else "Only the session's moderators and the event's organisers may do this."
    )
    assert str(refused.value) == expected


@pytest.mark.parametrize("kind", PEOPLE)
def test_a_role_does_not_open_a_session_by_invitation(kind: str) -> None:
    """Chairing or organising decides who moderates; who may see the session is still events.access."""
    session = SessionFactory.create(access_level=AccessLevel.INVITED)
    user = person(kind, session)
    sees = kind in {"organiser", "platform admin"}
    if sees:
        assert roles.require_participant(session=session, user=user, sign_in="sign in", not_visible="hidden") == user
        return
    with pytest.raises(PermissionDenied) as refused:
        roles.require_participant(session=session, user=user, sign_in="sign in", not_visible="hidden")
    assert str(refused.value) == ("sign in" if kind == "anonymous" else "hidden")
