"""Who may see what. Every door (pages, API, calendar feeds, counts) asks these functions.

A session above the viewer's access level does not exist for them: callers answer 404, never 403,
so that a closed ministerial roundtable does not even leak its existence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.core.fixed_queries import FixedQuery
from pavilion.core.request_memo import memoized, remember
from pavilion.events.models import AccessLevel, Event, Session

AnyUser = User | AnonymousUser | None

#: {account id: (holds an approved registration, ... in a category for accredited delegates)} at one
#: event, for the accounts asked about (those without an approved registration may be left out).
#: Accreditation knows registrations and tells this module in its AppConfig.ready
#: (``registration_standing``), since the events app sits below it and cannot import it. It answers
#: for many accounts at once, in one query: live joins come in crowds (live/joins.py).
Standing = Callable[[Event, Sequence[int]], dict[int, tuple[bool, bool]]]
_standing: list[Standing] = []


def registration_standing(lookup: Standing) -> Standing:
    """Decorator: the one function that says whether an account is registered (and accredited) at an event."""
    _standing[:] = [lookup]
    return lookup


@dataclass(frozen=True)
class Viewer:
    """What one person may see of one event, worked out once per request."""

    user: User | None
    is_organiser: bool
    is_registered: bool  # holds an approved registration
    is_accredited: bool  # ... in a category for accredited delegates


#: "Is this account on the event's organising team?" (asked by most pages; core/fixed_queries.py).
_ORGANISES = FixedQuery(
    lambda event_id, account_id: Event.organising_team.through.objects.filter(
        event_id=event_id, user_id=account_id
    ).values_list("pk")[:1]
)


def is_organiser(*, event: Event, user: AnyUser) -> bool:
    """Platform admins and the event's organising team may manage it."""
    account = account_of(user)
    if account is None:
        return False
    if account.is_superuser:
        return True
    return memoized(("organiser", event.pk, account.pk), lambda: _ORGANISES.exists(event.pk, account.pk))


def viewer_for(*, event: Event, user: AnyUser) -> Viewer:
    """What this person may see of the event (asked once per page view, core/request_memo.py)."""
    account = account_of(user)
    if account is None:
        return viewers_for(event=event, users=[None])[0]
    return memoized(("viewer", event.pk, account.pk), lambda: _viewer_of(event, account))


def _viewer_of(event: Event, account: User) -> Viewer:
    viewer = viewers_for(event=event, users=[account])[0]
    remember(("organiser", event.pk, account.pk), viewer.is_organiser)  # is_organiser need not ask again
    return viewer


def viewers_for(*, event: Event, users: Sequence[AnyUser]) -> list[Viewer]:
    """What each of these people may see of the event, in their order: two queries however many they are."""
    accounts = [account_of(user) for user in users]
    ids = sorted({account.pk for account in accounts if account is not None})
    team: set[int] = set()
    standing: dict[int, tuple[bool, bool]] = {}
    if ids:
        team = set(event.organising_team.filter(pk__in=ids).values_list("pk", flat=True))
        standing = _standing[0](event, ids) if _standing else {}
    viewers = []
    for account in accounts:
        if account is None:
            viewers.append(Viewer(user=None, is_organiser=False, is_registered=False, is_accredited=False))
            continue
        registered, accredited = standing.get(account.pk, (False, False))
        viewers.append(
            Viewer(
                user=account,
                is_organiser=account.is_superuser or account.pk in team,
                is_registered=registered,
                is_accredited=accredited,
            )
        )
    return viewers


def visible_events(*, user: AnyUser) -> QuerySet[Event]:
    """Published events, plus the unpublished ones this person organises."""
    account = account_of(user)
    if account is not None and account.is_superuser:
        return Event.objects.all()
    if account is not None:
        return Event.objects.filter(Q(is_published=True) | Q(organising_team=account)).distinct()
    return Event.objects.filter(is_published=True)


def visible_sessions(*, event: Event, viewer: Viewer) -> QuerySet[Session]:
    """The event's sessions this viewer may know about."""
    sessions = Session.objects.filter(event=event)
    if viewer.is_organiser:
        return sessions
    if not event.is_schedule_published:
        return sessions.none()
    allowed = Q(access_level=AccessLevel.PUBLIC)
    if viewer.is_registered:
        allowed |= Q(access_level=AccessLevel.REGISTERED)
    if viewer.is_accredited:
        allowed |= Q(access_level=AccessLevel.ACCREDITED)
    if viewer.user is not None:
        invited = Session.invitees.through.objects.filter(user=viewer.user).values("session_id")
        allowed |= Q(access_level=AccessLevel.INVITED, pk__in=invited)
    return sessions.filter(allowed)


def can_see_session(*, session: Session, user: AnyUser) -> bool:
    """Whether this person may know about this session (its event visible, its access level met)."""
    return session_open_to(session=session, viewers=viewers_for(event=session.event, users=[user]))[0]


def session_open_to(*, session: Session, viewers: Sequence[Viewer]) -> list[bool]:
    """Whether each viewer may know about this session: the rule of ``visible_events`` and
    ``visible_sessions`` for one session, answered for many viewers with at most one query."""
    event = session.event
    invited: set[int] = set()
    if session.access_level == AccessLevel.INVITED:
        ids = [viewer.user.pk for viewer in viewers if viewer.user is not None]
        invited = set(session.invitees.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    answers = []
    for viewer in viewers:
        if viewer.is_organiser:
            answers.append(True)
        elif not event.is_published or not event.is_schedule_published:
            answers.append(False)
        elif session.access_level == AccessLevel.PUBLIC:
            answers.append(True)
        elif session.access_level == AccessLevel.REGISTERED:
            answers.append(viewer.is_registered)
        elif session.access_level == AccessLevel.ACCREDITED:
            answers.append(viewer.is_accredited)
        else:
            answers.append(viewer.user is not None and viewer.user.pk in invited)
    return answers


def get_visible_event(*, slug: str, user: AnyUser) -> Event:
    try:
        return visible_events(user=user).get(slug=slug)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def get_visible_session(*, event: Event, slug: str, viewer: Viewer) -> Session:
    try:
        return visible_sessions(event=event, viewer=viewer).get(slug=slug)
    except Session.DoesNotExist:
        raise Http404("No such session.") from None
