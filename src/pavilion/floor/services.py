"""Floor rules: who asks for the floor, who gives it, the order of the list of speakers, the speaking timer.

Every door (the session page's forms, the live commands) calls these functions, so a rule is
enforced once. Each write commits, then publishes ``{"floor": {"state": {...}}}`` on
``session:<id>``: the whole public state of the floor (list of speakers in order, who speaks now,
the timer), so a client that applies it has exactly what a fresh snapshot would give. A refused
call raises PermissionDenied or ValidationError({field: message}) and changes nothing.

Who may request the floor: a signed-in person who can see the session and holds an approved
registration for its event; the registration gives the delegation and the function the list shows
and is ordered by (for accredited sessions only accredited delegates can see the session at all).
Organisers and chairs without a registration give the floor; they do not ask for it.

Who chairs: the session's moderators (pavilion.events.roles.is_moderator): the
event's organisers and the accounts linked to the session's chairs and moderators.

The list of speakers is in protocol order — Head of State or Government, Minister, Vice-Minister,
head of delegation, then the other functions in the order Function declares them — and, within a
function, in the order the requests came. A registration marked head of delegation whose function
ranks lower (a delegate, an adviser …) counts as head of delegation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django_countries import countries
from i18nfield.strings import LazyI18nString

from pavilion.accounts.identity import account_of, author_name
from pavilion.accounts.models import User
from pavilion.accreditation.models import Function, Registration, Status
from pavilion.core.i18n import ui_language_codes
from pavilion.directory.models import Organisation
from pavilion.events import roles
from pavilion.events.access import AnyUser, can_see_session
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Session
from pavilion.events.roles import is_moderator
from pavilion.floor.models import (
    MAX_SPEAKING_TIME,
    MIN_SPEAKING_TIME,
    OPEN_STATUSES,
    Floor,
    FloorRequest,
    RequestStatus,
    protocol_rank,
)
from pavilion.live.broker import publish_on_commit

#: Refused to anyone who may not see the session (rendered when raised).
NOT_VISIBLE = gettext_lazy("You cannot take part in this session.")


def topic_of(session: Session) -> str:
    return f"session:{session.pk}"


# Who may do what


def is_chair(*, session: Session, user: AnyUser) -> bool:
    """Whether this person chairs the floor: the session's moderators as in its chat (organisers, chairs …)."""
    return is_moderator(session=session, user=user)


def require_chair(*, session: Session, user: AnyUser) -> User:
    """The chair's account, or PermissionDenied for anyone who does not chair this session."""
    account = roles.require_participant(
        session=session, user=user, sign_in=gettext("Sign in to do this."), not_visible=NOT_VISIBLE
    )
    if not is_chair(session=session, user=account):
        raise PermissionDenied(
            gettext("Only the session's chairs and moderators and the event's organisers may give the floor.")
        )
    return account


def registration_for(*, session: Session, user: AnyUser) -> Registration | None:
    """The person's approved registration for the session's event, which they speak under."""
    account = account_of(user)
    if account is None:
        return None
    approved = Registration.objects.filter(event_id=session.event_id, user=account, status=Status.APPROVED)
    return approved.select_related("organisation").first()


def may_request(*, session: Session, user: AnyUser) -> bool:
    """Whether this person may ask for the floor in this session (see the module's docstring)."""
    account = account_of(user)
    return (
        account is not None
        and can_see_session(session=session, user=account)
        and registration_for(session=session, user=account) is not None
    )


def function_of(registration: Registration) -> str:
    """The function the list of speakers ranks the person by (a head of delegation ranks at least as one)."""
    head = Function.HEAD_OF_DELEGATION
    if registration.is_head_of_delegation and protocol_rank(registration.function) > protocol_rank(head):
        return str(head)
    return str(registration.function)


# Reading


def in_protocol_order(requests: Iterable[FloorRequest]) -> list[FloorRequest]:
    """Requests in the order the chair calls them: protocol rank of the function, then time of request."""
    return sorted(requests, key=lambda request: (request.rank, request.requested_at, request.pk))


def open_requests(*, session: Session) -> list[FloorRequest]:
    """The session's waiting and speaking requests, with their people and organisations, in one query."""
    requests = FloorRequest.objects.filter(session=session, status__in=OPEN_STATUSES)
    return list(requests.select_related("user", "organisation"))


def queue(*, session: Session) -> list[FloorRequest]:
    """The list of speakers: the waiting requests in protocol order."""
    return in_protocol_order(
        request for request in open_requests(session=session) if request.status == RequestStatus.WAITING
    )


def current_speaker(*, session: Session) -> FloorRequest | None:
    """The request whose person has the floor now, if anyone has it."""
    return (
        FloorRequest.objects.filter(session=session, status=RequestStatus.SPEAKING)
        .select_related("user", "organisation")
        .first()
    )


def floor_of(session: Session) -> Floor:
    """The session's floor (its timer), or an unsaved one with the defaults before the first change.

    The unsaved floor names its session by id: ``Floor(session=session)`` would make the session
    and its floor cache each other, a cycle that every live snapshot would leave for the full
    garbage collection (tests/live/test_snapshot_garbage.py).
    """
    return Floor.objects.filter(session_id=session.pk).first() or Floor(session_id=session.pk)


def time_left(floor: Floor, *, now: datetime) -> timedelta:
    """The speaking time left on the timer at ``now`` (negative once the speaker runs over)."""
    counted = floor.timer_elapsed
    if floor.timer_started_at is not None:
        counted += now - floor.timer_started_at
    return timedelta(seconds=floor.speaking_time) - counted


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since 1970 (UTC), as JavaScript counts time."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def delegation_names(*, country: str, organisation: Organisation | None) -> dict[str, str]:
    """The delegation's name in every UI language (one event frame goes to readers of every language)."""
    names = {}
    # The field holds a plain dict until the object is read back from the database.
    name = organisation.name if organisation is not None else None
    if name is not None and not isinstance(name, LazyI18nString):
        name = LazyI18nString(name)
    for language in ui_language_codes():
        if country:
            with translation.override(language):
                names[language] = str(countries.name(country))
        else:
            names[language] = name.localize(language) if name is not None else ""
    return names


def _request_data(request: FloorRequest, names: dict[tuple[str, int | None], dict[str, str]]) -> dict[str, Any]:
    delegation = (str(request.country), request.organisation_id)
    if delegation not in names:
        names[delegation] = delegation_names(country=str(request.country), organisation=request.organisation)
    data = {
        "id": request.pk,
        "user_id": request.user_id,
        "name": author_name(request.user),
        "delegation": names[delegation],
        "function": request.function,
        "requested_at": _iso(request.requested_at),
    }
    if request.started_at is not None and request.status == RequestStatus.SPEAKING:
        data["started_at"] = _iso(request.started_at)
    return data


def timer_data(floor: Floor) -> dict[str, Any]:
    """The timer as clients count it down: time left = limit - elapsed - (now - started_at, while running)."""
    started = floor.timer_started_at
    return {
        "limit": floor.speaking_time,
        "running": started is not None,
        "elapsed_ms": floor.timer_elapsed // timedelta(milliseconds=1),
        "started_at": _iso(started) if started is not None else None,
        "started_at_ms": epoch_ms(started) if started is not None else None,
    }


def state(*, session: Session) -> dict[str, Any]:
    """The public state of the floor, the same for everyone: what every event carries. Two queries."""
    requests = open_requests(session=session)
    names: dict[tuple[str, int | None], dict[str, str]] = {}
    speaker = next((request for request in requests if request.status == RequestStatus.SPEAKING), None)
    waiting = in_protocol_order(request for request in requests if request.status == RequestStatus.WAITING)
    return {
        "queue": [_request_data(request, names) for request in waiting],
        "speaker": _request_data(speaker, names) if speaker is not None else None,
        "timer": timer_data(floor_of(session)),
    }


def mine(public: dict[str, Any], *, user_id: int | None) -> dict[str, Any] | None:
    """The viewer's own open request in a public state: its id, status and place on the list (1 = next)."""
    if user_id is None:
        return None
    speaker = public["speaker"]
    if speaker is not None and speaker["user_id"] == user_id:
        return {"id": speaker["id"], "status": RequestStatus.SPEAKING.value, "position": None}
    for position, entry in enumerate(public["queue"], start=1):
        if entry["user_id"] == user_id:
            return {"id": entry["id"], "status": RequestStatus.WAITING.value, "position": position}
    return None


def viewer_state(*, session: Session, user: AnyUser) -> dict[str, Any]:
    """What a viewer knows of the floor (the live snapshot part ``floor``).

    The public state, plus whether the viewer chairs, whether they may request the floor, their
    own request, and ``now``: the server's clock in milliseconds, so a client whose clock is wrong
    still counts the timer down correctly.
    """
    account = account_of(user)
    public = state(session=session)
    return {
        **public,
        "is_chair": is_chair(session=session, user=account),
        "can_request": may_request(session=session, user=account),
        "mine": mine(public, user_id=account.pk if account is not None else None),
        "now": epoch_ms(timezone.now()),
    }


# Writing


def _refuse_after_end(session: Session, field: str) -> None:
    refusal = gettext("This session has ended: its list of speakers is closed.")
    refuse_after_end(session=session, field=field, refusal=refusal)


def _lock_floor(session: Session) -> Floor:
    """The session's floor, locked until the transaction ends: changes to one floor come one after another."""
    floor, _created = Floor.objects.select_for_update().get_or_create(session=session)
    return floor


def _publish(session: Session) -> None:
    publish_on_commit(topic_of(session), {"floor": {"state": state(session=session)}})


def _start_timer(floor: Floor, now: datetime) -> None:
    floor.timer_started_at, floor.timer_elapsed = now, timedelta(0)
    floor.save(update_fields=["timer_started_at", "timer_elapsed"])


def _stop_timer(floor: Floor) -> None:
    floor.timer_started_at, floor.timer_elapsed = None, timedelta(0)
    floor.save(update_fields=["timer_started_at", "timer_elapsed"])


def _end_turn(session: Session, floor: Floor, now: datetime) -> FloorRequest | None:
    """The current speaker's turn ends (status done) and the timer stops; the request that ended, if any."""
    speaker = FloorRequest.objects.select_for_update().filter(session=session, status=RequestStatus.SPEAKING).first()
    if speaker is None:
        return None
    speaker.status, speaker.ended_at = RequestStatus.DONE, now
    speaker.save(update_fields=["status", "ended_at"])
    _stop_timer(floor)
    return speaker


def _give(request: FloorRequest, floor: Floor, now: datetime) -> None:
    request.status, request.started_at = RequestStatus.SPEAKING, now
    request.save(update_fields=["status", "started_at"])
    _start_timer(floor, now)


def request_floor(*, session: Session, by: AnyUser) -> FloorRequest:
    """Put the person on the session's list of speakers. Publishes ``{"floor": {"state": {...}}}``.

    The person must be signed in, see the session and hold an approved registration for its event;
    the request keeps that registration's delegation and function. One open request (waiting or
    speaking) per person per session: a second is refused.
    """
    person = roles.require_participant(
        session=session, user=by, sign_in=gettext("Sign in to request the floor."), not_visible=NOT_VISIBLE
    )
    _refuse_after_end(session, "floor")
    registration = registration_for(session=session, user=person)
    if registration is None:
        raise PermissionDenied(
            gettext("Only participants with an approved registration for this event may request the floor.")
        )
    refusal = gettext("You have already requested the floor in this session.")
    with transaction.atomic():
        _lock_floor(session)
        existing = FloorRequest.objects.filter(session=session, user=person, status__in=OPEN_STATUSES).first()
        if existing is not None:
            raise ValidationError(
                {"floor": gettext("You have the floor.") if existing.status == RequestStatus.SPEAKING else refusal}
            )
        try:
            with transaction.atomic():
                request = FloorRequest.objects.create(
                    session=session,
                    user=person,
                    country=registration.country,
                    organisation=registration.organisation,
                    function=function_of(registration),
                )
        except IntegrityError:  # the same request sent at the same moment through another door
            raise ValidationError({"floor": refusal}) from None
        _publish(session)
    return request


def withdraw(*, session: Session, by: AnyUser) -> FloorRequest:
    """Take the person's request off the list of speakers, or end their turn if they have the floor.

    A waiting request becomes "withdrawn"; a speaker's becomes "done" and the timer stops. Publishes
    ``{"floor": {"state": {...}}}``; refused when the person has no open request in this session.
    """
    person = roles.require_participant(
        session=session, user=by, sign_in=gettext("Sign in to request the floor."), not_visible=NOT_VISIBLE
    )
    now = timezone.now()
    with transaction.atomic():
        floor = _lock_floor(session)
        request = FloorRequest.objects.filter(session=session, user=person, status__in=OPEN_STATUSES).first()
        if request is None:
            raise ValidationError({"floor": gettext("You have not requested the floor in this session.")})
        if request.status == RequestStatus.SPEAKING:
            _end_turn(session, floor, now)
            request.refresh_from_db()
        else:
            request.status, request.ended_at = RequestStatus.WITHDRAWN, now
            request.save(update_fields=["status", "ended_at"])
        _publish(session)
    return request


def give_floor(*, request: FloorRequest, by: AnyUser) -> FloorRequest:
    """Give the floor to a waiting request (chairs only), in any order the chair chooses.

    The current speaker's turn ends, and the timer starts again from the full speaking time.
    Publishes ``{"floor": {"state": {...}}}``; refused when the request is no longer waiting.
    """
    session = request.session
    require_chair(session=session, user=by)
    _refuse_after_end(session, "id")
    now = timezone.now()
    with transaction.atomic():
        floor = _lock_floor(session)
        current = FloorRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != RequestStatus.WAITING:
            raise ValidationError({"id": gettext("This request is no longer on the list of speakers.")})
        _end_turn(session, floor, now)
        _give(current, floor, now)
        _publish(session)
    return current


def next_speaker(*, session: Session, by: AnyUser) -> FloorRequest | None:
    """Move on (chairs only): the current turn ends and the first on the list of speakers gets the floor.

    Returns the new speaker, or None when the list was empty (the floor is then free). Publishes
    ``{"floor": {"state": {...}}}``; refused when no one has the floor and no one is waiting.
    """
    require_chair(session=session, user=by)
    _refuse_after_end(session, "floor")
    now = timezone.now()
    with transaction.atomic():
        floor = _lock_floor(session)
        waiting = FloorRequest.objects.select_for_update().filter(session=session, status=RequestStatus.WAITING)
        ordered = in_protocol_order(waiting)
        ended = _end_turn(session, floor, now)
        if ended is None and not ordered:
            raise ValidationError({"floor": gettext("No one has the floor and no one is waiting for it.")})
        speaker = ordered[0] if ordered else None
        if speaker is not None:
            _give(speaker, floor, now)
        _publish(session)
    return speaker


def end_turn(*, session: Session, by: AnyUser) -> FloorRequest:
    """End the current speaker's turn without calling the next (chairs only); the timer stops.

    Publishes ``{"floor": {"state": {...}}}``; refused when no one has the floor.
    """
    require_chair(session=session, user=by)
    with transaction.atomic():
        floor = _lock_floor(session)
        ended = _end_turn(session, floor, timezone.now())
        if ended is None:
            raise ValidationError({"floor": gettext("No one has the floor.")})
        _publish(session)
    return ended


def set_speaking_time(*, session: Session, by: AnyUser, seconds: int) -> Floor:
    """Set the time each speaker has, in seconds, 15 to 3600 (chairs only); it applies to the current turn too.

    Publishes ``{"floor": {"state": {...}}}``; setting the time it already has publishes nothing.
    """
    require_chair(session=session, user=by)
    if not MIN_SPEAKING_TIME <= seconds <= MAX_SPEAKING_TIME:
        raise ValidationError(
            {
                "seconds": gettext("The speaking time must be between %(min)d seconds and %(max)d minutes.")
                % {"min": MIN_SPEAKING_TIME, "max": MAX_SPEAKING_TIME // 60}
            }
        )
    with transaction.atomic():
        floor = _lock_floor(session)
        if floor.speaking_time != seconds:
            floor.speaking_time = seconds
            floor.save(update_fields=["speaking_time"])
            _publish(session)
    return floor


def _timer_floor(session: Session) -> Floor:
    """The locked floor of a session where someone has the floor (chairs only); to be called in a transaction."""
    floor = _lock_floor(session)
    if not FloorRequest.objects.filter(session=session, status=RequestStatus.SPEAKING).exists():
        raise ValidationError({"action": gettext("No one has the floor.")})
    return floor


def restart_timer(*, session: Session, by: AnyUser) -> Floor:
    """Start the current speaker's timer again from the full speaking time (chairs only).

    Publishes ``{"floor": {"state": {...}}}``; refused when no one has the floor.
    """
    require_chair(session=session, user=by)
    _refuse_after_end(session, "action")
    with transaction.atomic():
        floor = _timer_floor(session)
        _start_timer(floor, timezone.now())
        _publish(session)
    return floor


def pause_timer(*, session: Session, by: AnyUser) -> Floor:
    """Stop the current speaker's timer, keeping the time counted so far (chairs only).

    Publishes ``{"floor": {"state": {...}}}``; pausing a paused timer publishes nothing; refused
    when no one has the floor.
    """
    require_chair(session=session, user=by)
    with transaction.atomic():
        floor = _timer_floor(session)
        if floor.timer_started_at is not None:
            floor.timer_elapsed += timezone.now() - floor.timer_started_at
            floor.timer_started_at = None
            floor.save(update_fields=["timer_started_at", "timer_elapsed"])
            _publish(session)
    return floor


def resume_timer(*, session: Session, by: AnyUser) -> Floor:
    """Let a paused timer run on from where it stopped (chairs only).

    Publishes ``{"floor": {"state": {...}}}``; resuming a running timer publishes nothing; refused
    when no one has the floor.
    """
    require_chair(session=session, user=by)
    _refuse_after_end(session, "action")
    with transaction.atomic():
        floor = _timer_floor(session)
        if floor.timer_started_at is None:
            floor.timer_started_at = timezone.now()
            floor.save(update_fields=["timer_started_at"])
            _publish(session)
    return floor
