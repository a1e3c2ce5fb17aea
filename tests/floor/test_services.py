"""The floor's rules: protocol order, who asks and who gives, one open request per person, the timer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation.models import Registration
from pavilion.floor import services
from pavilion.floor.models import Floor, FloorRequest, protocol_rank
from pavilion.live.broker import MemoryBroker
from tests.factories import CategoryFactory, LiveSessionFactory, OrganisationFactory, RegistrationFactory, UserFactory
from tests.floor.conftest import NOON, Clock, delegate_of
from tests.live.features import chair_of, published

pytestmark = pytest.mark.django_db


def queue_ids(session: object) -> list[int]:
    return [request.user_id for request in services.queue(session=session)]  # type: ignore[arg-type]


def test_protocol_order_is_the_declaration_order_of_functions() -> None:
    assert [protocol_rank(function) for function in ["head_of_state", "minister", "vice_minister"]] == [0, 1, 2]
    assert protocol_rank("head_of_delegation") < protocol_rank("delegate") < protocol_rank("other")


def test_queue_puts_a_minister_who_asked_later_before_a_delegate_who_asked_earlier(clock: Clock) -> None:
    session = LiveSessionFactory.create()
    delegate, minister = delegate_of(session, "delegate"), delegate_of(session, "minister", country="KE")
    services.request_floor(session=session, by=delegate)
    clock.advance(5)
    services.request_floor(session=session, by=minister)
    assert queue_ids(session) == [minister.pk, delegate.pk]


def test_queue_puts_heads_of_state_first_then_ties_by_time_of_request(clock: Clock) -> None:
    session = LiveSessionFactory.create()
    people = {
        "first minister": delegate_of(session, "minister", country="KE"),
        "adviser": delegate_of(session, "adviser", country="FR"),
        "vice-minister": delegate_of(session, "vice_minister", country="BR"),
        "second minister": delegate_of(session, "minister", country="JP"),
        "head of state": delegate_of(session, "head_of_state", country="GH"),
        "delegate heading her delegation": delegate_of(session, "delegate", country="NZ", is_head_of_delegation=True),
    }
    for person in people.values():
        services.request_floor(session=session, by=person)
        clock.advance(1)
    expected = [
        "head of state",
        "first minister",
        "second minister",
        "vice-minister",
        "delegate heading her delegation",
        "adviser",
    ]
    assert queue_ids(session) == [people[name].pk for name in expected]
    heading = FloorRequest.objects.get(user=people["delegate heading her delegation"])
    assert heading.function == "head_of_delegation"


def test_equal_times_of_request_keep_the_order_they_were_made_in(clock: Clock) -> None:
    session = LiveSessionFactory.create()
    first, second = delegate_of(session), delegate_of(session, country="TH")
    services.request_floor(session=session, by=first)
    services.request_floor(session=session, by=second)  # the clock did not move
    assert queue_ids(session) == [first.pk, second.pk]


def test_request_keeps_the_delegation_and_function_the_registration_had() -> None:
    session = LiveSessionFactory.create()
    organisation = OrganisationFactory.create(name={"en": "Asia-Pacific Telecommunity", "fr": "Télécommunauté"})
    person = delegate_of(session, "observer", country="", organisation=organisation)
    request = services.request_floor(session=session, by=person)
    Registration.objects.filter(user=person).update(function="minister", country="VN", organisation=None)
    request.refresh_from_db()
    assert (request.country, request.organisation, request.function, request.status) == (
        "",
        organisation,
        "observer",
        "waiting",
    )
    assert services.delegation_names(country="", organisation=organisation)["fr"] == "Télécommunauté"
    assert services.delegation_names(country="VN", organisation=None)["vi"] == "Việt Nam"
    assert services.delegation_names(country="HK", organisation=None)["en"] == "Hong Kong, China"


def test_one_open_request_per_person_per_session() -> None:
    session = LiveSessionFactory.create()
    person = delegate_of(session)
    first = services.request_floor(session=session, by=person)
    with pytest.raises(ValidationError) as refused:
        services.request_floor(session=session, by=person)
    assert refused.value.message_dict == {"floor": ["You have already requested the floor in this session."]}
    # The database refuses it too, whatever door a second one might come through.
    with pytest.raises(IntegrityError), transaction.atomic():
        FloorRequest.objects.create(session=session, user=person, country="VN", function="delegate")
    services.withdraw(session=session, by=person)
    again = services.request_floor(session=session, by=person)
    assert again.pk != first.pk
    assert list(FloorRequest.objects.order_by("pk").values_list("status", flat=True)) == ["withdrawn", "waiting"]
    other_session = LiveSessionFactory.create(event=session.event)
    assert services.request_floor(session=other_session, by=person).status == "waiting"


def test_the_database_allows_one_speaker_per_session() -> None:
    session = LiveSessionFactory.create()
    first, second = delegate_of(session), delegate_of(session, country="TH")
    FloorRequest.objects.create(session=session, user=first, country="VN", function="delegate", status="speaking")
    with pytest.raises(IntegrityError), transaction.atomic():
        FloorRequest.objects.create(session=session, user=second, country="TH", function="delegate", status="speaking")


def test_requesting_the_floor_needs_an_account_an_approved_registration_and_the_session() -> None:
    session = LiveSessionFactory.create()
    pending = UserFactory.create()
    RegistrationFactory.create(event=session.event, user=pending, status="pending")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    for person in [None, UserFactory.create(), pending, organiser]:
        with pytest.raises(PermissionDenied):
            services.request_floor(session=session, by=person)
    closed = LiveSessionFactory.create(event=session.event, access_level="accredited")
    visitor = UserFactory.create()
    RegistrationFactory.create(
        event=session.event, user=visitor, category=CategoryFactory.create(event=session.event, is_accredited=False)
    )
    with pytest.raises(PermissionDenied) as refused:
        services.request_floor(session=closed, by=visitor)
    assert str(refused.value) == "You cannot take part in this session."
    assert services.request_floor(session=session, by=visitor).status == "waiting"  # the public session
    assert FloorRequest.objects.count() == 1


def test_registration_message_says_who_may_request() -> None:
    session = LiveSessionFactory.create()
    with pytest.raises(PermissionDenied) as refused:
        services.request_floor(session=session, by=UserFactory.create())
    assert str(refused.value) == "Only participants with an approved registration for this event may request the floor."
    with pytest.raises(PermissionDenied) as anonymous:
        services.request_floor(session=session, by=None)
    assert str(anonymous.value) == "Sign in to request the floor."


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_a_delegate_cannot_give_the_floor_and_nothing_changes(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    delegate, other = delegate_of(session), delegate_of(session, "minister", country="KE")
    waiting = services.request_floor(session=session, by=other)
    services.request_floor(session=session, by=delegate)
    before = published(broker, session)
    refusal = "Only the session's chairs and moderators and the event's organisers may give the floor."
    attempts = [
        lambda: services.give_floor(request=waiting, by=delegate),
        lambda: services.next_speaker(session=session, by=delegate),
        lambda: services.end_turn(session=session, by=delegate),
        lambda: services.set_speaking_time(session=session, by=delegate, seconds=60),
        lambda: services.restart_timer(session=session, by=delegate),
        lambda: services.pause_timer(session=session, by=delegate),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert str(refused.value) == refusal
    # A speaker (moderator role) of another kind does not chair either.
    with pytest.raises(PermissionDenied):
        services.give_floor(request=waiting, by=chair_of(session, role="speaker"))
    assert list(FloorRequest.objects.values_list("status", flat=True)) == ["waiting", "waiting"]
    assert Floor.objects.get(session=session).speaking_time == 240
    assert published(broker, session) == before


def test_a_chair_gives_the_floor_in_any_order_and_the_previous_turn_ends(clock: Clock) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    minister, delegate = delegate_of(session, "minister", country="KE"), delegate_of(session)
    first = services.request_floor(session=session, by=minister)
    second = services.request_floor(session=session, by=delegate)
    clock.advance(10)
    given = services.give_floor(request=second, by=chair)  # out of protocol order: the chair decides
    assert (given.status, given.started_at) == ("speaking", NOON + timedelta(seconds=10))
    assert services.current_speaker(session=session) == second
    clock.advance(30)
    services.give_floor(request=first, by=chair)
    second.refresh_from_db()
    assert (second.status, second.ended_at) == ("done", NOON + timedelta(seconds=40))
    assert services.current_speaker(session=session) == first
    assert services.queue(session=session) == []
    with pytest.raises(ValidationError) as refused:
        services.give_floor(request=second, by=chair)
    assert refused.value.message_dict == {"id": ["This request is no longer on the list of speakers."]}


def test_organisers_and_moderators_chair_too() -> None:
    session = LiveSessionFactory.create()
    organiser, moderator = UserFactory.create(), chair_of(session, role="moderator")
    session.event.organising_team.add(organiser)
    for chair in [organiser, moderator]:
        request = services.request_floor(session=session, by=delegate_of(session, country="FR"))
        assert services.give_floor(request=request, by=chair).status == "speaking"


def test_next_speaker_moves_down_the_list_then_frees_the_floor() -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    delegate, minister = delegate_of(session), delegate_of(session, "minister", country="KE")
    services.request_floor(session=session, by=delegate)
    services.request_floor(session=session, by=minister)
    speaker = services.next_speaker(session=session, by=chair)
    assert speaker is not None
    assert speaker.user == minister
    speaker = services.next_speaker(session=session, by=chair)
    assert speaker is not None
    assert speaker.user == delegate
    assert services.next_speaker(session=session, by=chair) is None  # the delegate is done; no one waits
    assert services.current_speaker(session=session) is None
    assert list(FloorRequest.objects.values_list("status", flat=True)) == ["done", "done"]
    with pytest.raises(ValidationError) as refused:
        services.next_speaker(session=session, by=chair)
    assert refused.value.message_dict == {"floor": ["No one has the floor and no one is waiting for it."]}
    with pytest.raises(ValidationError):
        services.end_turn(session=session, by=chair)


def test_withdraw_takes_a_request_off_the_list_or_ends_ones_own_turn(clock: Clock) -> None:
    session = LiveSessionFactory.create()
    chair, person = chair_of(session), delegate_of(session)
    services.request_floor(session=session, by=person)
    clock.advance(3)
    withdrawn = services.withdraw(session=session, by=person)
    assert (withdrawn.status, withdrawn.ended_at) == ("withdrawn", NOON + timedelta(seconds=3))
    assert services.queue(session=session) == []
    with pytest.raises(ValidationError) as refused:
        services.withdraw(session=session, by=person)
    assert refused.value.message_dict == {"floor": ["You have not requested the floor in this session."]}
    services.request_floor(session=session, by=person)
    services.next_speaker(session=session, by=chair)
    yielded = services.withdraw(session=session, by=person)
    assert yielded.status == "done"
    floor = Floor.objects.get(session=session)
    assert (floor.timer_started_at, floor.timer_elapsed) == (None, timedelta(0))
    assert services.current_speaker(session=session) is None


def test_timer_runs_pauses_resumes_and_restarts(clock: Clock) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    with pytest.raises(ValidationError) as nobody:
        services.pause_timer(session=session, by=chair)
    assert nobody.value.message_dict == {"action": ["No one has the floor."]}
    services.request_floor(session=session, by=delegate_of(session))
    services.next_speaker(session=session, by=chair)
    floor = Floor.objects.get(session=session)
    assert (floor.timer_started_at, services.time_left(floor, now=clock.now)) == (NOON, timedelta(minutes=4))
    clock.advance(60)
    services.pause_timer(session=session, by=chair)
    clock.advance(600)  # paused: the time does not count
    floor.refresh_from_db()
    assert (floor.timer_started_at, floor.timer_elapsed) == (None, timedelta(seconds=60))
    assert services.time_left(floor, now=clock.now) == timedelta(minutes=3)
    services.resume_timer(session=session, by=chair)
    clock.advance(200)
    floor.refresh_from_db()
    assert services.time_left(floor, now=clock.now) == timedelta(seconds=-20)  # over time
    services.restart_timer(session=session, by=chair)
    floor.refresh_from_db()
    assert (floor.timer_started_at, floor.timer_elapsed) == (clock.now, timedelta(0))


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_speaking_time_must_be_between_15_seconds_and_an_hour(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    for seconds in [0, 14, 3601]:
        with pytest.raises(ValidationError) as refused:
            services.set_speaking_time(session=session, by=chair, seconds=seconds)
        assert refused.value.message_dict == {
            "seconds": ["The speaking time must be between 15 seconds and 60 minutes."]
        }
    assert services.set_speaking_time(session=session, by=chair, seconds=90).speaking_time == 90
    services.set_speaking_time(session=session, by=chair, seconds=90)  # unchanged: nothing published
    assert [event["floor"]["state"]["timer"]["limit"] for event in published(broker, session)] == [90]


@pytest.mark.django_db(transaction=True)  # publishes on each commit
def test_every_change_publishes_the_whole_state_after_the_commit(broker: MemoryBroker) -> None:
    session = LiveSessionFactory.create()
    chair, person = chair_of(session), delegate_of(session, full_name="Amina Diallo")
    with transaction.atomic():
        services.request_floor(session=session, by=person)
        assert published(broker, session) == []  # not before the commit
    services.next_speaker(session=session, by=chair)
    events = published(broker, session)
    assert len(events) == 2
    assert events[-1] == {"floor": {"state": services.state(session=session)}}
    speaker = events[-1]["floor"]["state"]["speaker"]
    assert (speaker["name"], speaker["delegation"]["en"], speaker["function"]) == (
        "Amina Diallo",
        "Viet Nam",
        "delegate",
    )
    with pytest.raises(ValidationError):
        services.request_floor(session=session, by=person)  # refused: nothing more is published
    assert len(published(broker, session)) == 2


def state_queries(count: int) -> int:
    session = LiveSessionFactory.create()
    for number in range(count):
        organisation = OrganisationFactory.create()
        person = delegate_of(session, country="", organisation=organisation) if number % 2 else delegate_of(session)
        services.request_floor(session=session, by=person)
    services.next_speaker(session=session, by=chair_of(session))
    with CaptureQueriesContext(connection) as queries:
        services.state(session=session)
    return len(queries)


def test_state_takes_the_same_queries_for_one_or_three_requests() -> None:
    assert state_queries(1) == state_queries(3) == 2
