"""Organisers' writes to events and schedules.

The organiser area (pavilion.organising) and the API both call these functions, so each rule is
enforced once: only organisers of the event write, every value is validated (model validation,
constraints) before anything is saved, and a failure changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.core.fixed_queries import FixedQuery
from pavilion.core.public_cache import bump_public_version
from pavilion.core.writes import check_fields
from pavilion.events.access import AnyUser, is_organiser
from pavilion.events.models import Event, Session, SessionRole, SessionSpeaker, Speaker

SESSION_FIELDS = frozenset(
    {
        "slug",
        "kind",
        "title",
        "abstract",
        "starts_at",
        "ends_at",
        "room",
        "track",
        "subgroup",
        "access_level",
        "languages",
    }
)
EVENT_FIELDS = frozenset(
    {
        "slug",
        "kind",
        "name",
        "tagline",
        "description",
        "start_date",
        "end_date",
        "time_zone",
        "is_online",
        "venue",
        "host_country",
        "host",
        "content_locales",
        "ui_locales",
        "is_published",
        "is_schedule_published",
        "accent_colour",
        "membership",
        "registered_access",
    }
)


def can_create_events(user: User) -> bool:
    """Platform admins and accounts given the 'add event' permission may create events."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("events.add_event"))


def _event_managers(account_id: int, *, active: bool) -> QuerySet[User, tuple[int]]:
    """The account if it organises an event or (when active) may create events."""
    organises = Event.organising_team.through.objects.filter(user=OuterRef("pk"))
    condition = Q(Exists(organises))
    if active:  # as ModelBackend.has_perm: inactive accounts hold no permission
        may_add = Permission.objects.filter(content_type__app_label="events", codename="add_event").filter(
            Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))
        )
        condition |= Q(Exists(may_add))
    return User.objects.filter(pk=account_id).filter(condition).values_list("pk")[:1]


#: may_manage_events' question, compiled once per kind of account (core/fixed_queries.py).
_MANAGES_EVENTS = {active: FixedQuery(partial(_event_managers, active=active)) for active in (True, False)}


def may_manage_events(user: AnyUser) -> bool:
    """Whether the header offers "Manage events": platform admins, organisers of any event and
    accounts that may create events. One query, asked by every signed-in page."""
    account = account_of(user)
    if account is None:
        return False
    if account.is_superuser:
        return True
    return _MANAGES_EVENTS[account.is_active].exists(account.pk)


def require_organiser(*, event: Event, user: User) -> None:
    if not is_organiser(event=event, user=user):
        raise PermissionDenied("Only the event's organisers may change it.")


def _validate_related(session: Session) -> None:
    """Rooms, themes and sub-groups must belong to the session's own event."""
    errors = {}
    for name in ("room", "track", "subgroup"):
        related = getattr(session, name)
        if related is not None and related.event_id != session.event_id:
            errors[name] = _("This belongs to another event.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_event(*, by: User, organising_bodies: Iterable[Any] = (), **values: Any) -> Event:
    """Create an event; its creator joins the organising team."""
    if not can_create_events(by):
        raise PermissionDenied("You may not create events.")
    check_fields(values, EVENT_FIELDS)
    event = Event(**values)
    event.full_clean()
    event.save()
    event.organising_team.add(by)
    event.organising_bodies.set(list(organising_bodies))
    return event


@transaction.atomic
def update_event(*, event: Event, by: User, organising_bodies: Iterable[Any] | None = None, **values: Any) -> Event:
    require_organiser(event=event, user=by)
    check_fields(values, EVENT_FIELDS)
    for name, value in values.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if organising_bodies is not None:
        event.organising_bodies.set(list(organising_bodies))
    return event


def set_schedule_published(*, event: Event, by: User, published: bool) -> Event:
    """Show or hide the whole schedule from attendees (organisers always see it)."""
    require_organiser(event=event, user=by)
    event.is_schedule_published = published
    event.save(update_fields=["is_schedule_published"])
    return event


@transaction.atomic
def create_session(*, event: Event, by: User, **values: Any) -> Session:
    require_organiser(event=event, user=by)
    check_fields(values, SESSION_FIELDS)
    session = Session(event=event, **values)
    _validate_related(session)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def update_session(*, session: Session, by: User, **values: Any) -> Session:
    require_organiser(event=session.event, user=by)
    check_fields(values, SESSION_FIELDS)
    for name, value in values.items():
        setattr(session, name, value)
    _validate_related(session)
    session.full_clean()
    session.save()
    return session


def delete_session(*, session: Session, by: User) -> None:
    require_organiser(event=session.event, user=by)
    session.delete()


@transaction.atomic
def set_session_speakers(*, session: Session, by: User, parts: Iterable[tuple[Speaker, str]]) -> None:
    """Replace the session's chairs, moderators and speakers with ``parts`` (in order)."""
    require_organiser(event=session.event, user=by)
    parts = list(parts)
    for speaker, role in parts:
        if speaker.event_id != session.event_id:
            raise ValidationError({"speakers": _("This speaker belongs to another event.")})
        if role not in SessionRole.values:
            raise ValidationError({"speakers": _("Choose chair, moderator or speaker.")})
    session.session_speakers.all().delete()
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speaker, role=role, position=index)
        for index, (speaker, role) in enumerate(parts)
    )
    bump_public_version(session.event_id)  # bulk_create sends no post_save signal
