"""The floor panel on the session page and its forms, without JavaScript."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.events.models import Session
from pavilion.floor import services
from pavilion.floor.models import Floor, FloorRequest
from tests.factories import CategoryFactory, LiveSessionFactory, RegistrationFactory, UserFactory
from tests.floor.conftest import Clock, delegate_of
from tests.live.features import chair_of

pytestmark = pytest.mark.django_db


def page_url(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def floor_url(session: Session, name: str, **kwargs: int) -> str:
    return reverse(f"floor:{name}", kwargs={"event_slug": session.event.slug, "session_slug": session.slug, **kwargs})


def page(client: Client, session: Session) -> str:
    response = client.get(page_url(session))
    assert response.status_code == 200
    return response.content.decode()


def test_signed_out_visitor_sees_the_speaker_list_and_a_sign_in_link(client: Client) -> None:
    session = LiveSessionFactory.create()
    services.request_floor(session=session, by=delegate_of(session, "minister", full_name="Amina Diallo"))
    html = page(client, session)
    assert '<section id="floor" class="floor" aria-labelledby="floor-heading"' in html
    assert '<h3 id="floor-heading" tabindex="-1">The floor</h3>' in html
    assert f'data-topic="session:{session.pk}"' in html
    assert '<p class="floor-free">No one has the floor.</p>' in html
    assert '<ol class="floor-queue" aria-labelledby="floor-queue-heading">' in html
    request_id = FloorRequest.objects.get().pk
    assert (
        f'<span class="floor-name" id="floor-request-{request_id}-name">Amina Diallo</span><span class="floor-details">'
        ' · <span class="floor-delegation">Viet Nam</span> · <span class="floor-function">Minister</span></span>'
    ) in html
    assert "Sign in to request the floor</a>" in html
    assert 'class="floor-request"' not in html
    assert 'class="floor-chair"' not in html
    assert 'data-function-head_of_state="Head of State or Government"' in html
    assert "/static/build/floor.js" in html
    assert "/static/build/session.css" in html
    response = client.post(floor_url(session, "request"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_panel_speaks_the_page_language(client: Client) -> None:
    session = LiveSessionFactory.create()
    services.request_floor(session=session, by=delegate_of(session, "minister"))
    html = client.get(f"/fr/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert '<span class="floor-delegation">Viet Nam</span> · <span class="floor-function">Ministre</span>' in html
    html = client.get(f"/vi/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert '<span class="floor-delegation">Việt Nam</span>' in html


def test_delegate_requests_the_floor_and_withdraws_without_javascript(client: Client) -> None:
    session = LiveSessionFactory.create()
    delegate = delegate_of(session)
    client.force_login(delegate)
    html = page(client, session)
    assert f'action="{floor_url(session, "request")}" class="floor-request" data-command="floor.request">' in html
    withdraw = floor_url(session, "withdraw")
    assert f'action="{withdraw}" class="floor-withdraw" data-command="floor.withdraw" hidden>' in html
    response = client.post(floor_url(session, "request"))
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + "#floor"
    html = page(client, session)
    assert "You are on the list of speakers." in html
    assert '<p class="floor-mine">You are number 1 on the list of speakers.</p>' in html
    assert 'class="floor-request" data-command="floor.request" hidden>' in html
    assert '<span class="floor-you">(you)</span>' in html
    assert '<button type="submit">Withdraw my request</button>' in html
    again = client.post(floor_url(session, "request"))
    assert again["Location"] == page_url(session) + "#floor"
    assert "You have already requested the floor in this session." in page(client, session)
    assert client.post(floor_url(session, "withdraw")).status_code == 302
    html = page(client, session)
    assert "Your request for the floor was withdrawn." in html
    assert '<p class="floor-empty">No one has asked for the floor.</p>' in html
    assert list(FloorRequest.objects.values_list("status", flat=True)) == ["withdrawn"]


def test_speaker_sees_the_floor_and_ends_their_own_turn(client: Client, clock: Clock) -> None:
    session = LiveSessionFactory.create()
    delegate = delegate_of(session)
    services.request_floor(session=session, by=delegate)
    services.next_speaker(session=session, by=chair_of(session))
    clock.advance(70.5)
    client.force_login(delegate)
    html = page(client, session)
    assert '<p class="floor-mine">You have the floor.</p>' in html
    assert '<span class="floor-clock" role="timer" aria-labelledby="floor-clock-label">2:50</span>' in html
    assert '<span class="floor-limit">of 4:00</span>' in html
    assert '<span class="floor-paused" hidden>Paused</span>' in html
    assert '<button type="submit">End my turn</button>' in html
    client.post(floor_url(session, "withdraw"))
    assert "Your turn has ended." in page(client, session)
    assert services.current_speaker(session=session) is None


def test_account_without_registration_cannot_request_and_is_told_why(client: Client) -> None:
    session = LiveSessionFactory.create()
    client.force_login(UserFactory.create())
    html = page(client, session)
    assert "Participants with an approved registration for this event may request the floor." in html
    assert 'class="floor-request"' not in html
    response = client.post(floor_url(session, "request"))
    assert response["Location"] == page_url(session) + "#floor"
    assert "Only participants with an approved registration for this event may request the floor." in page(
        client, session
    )
    assert FloorRequest.objects.count() == 0


def test_a_delegate_cannot_give_the_floor_or_run_the_timer(client: Client) -> None:
    session = LiveSessionFactory.create()
    other = services.request_floor(session=session, by=delegate_of(session, country="KE"))
    delegate = delegate_of(session)
    client.force_login(delegate)
    html = page(client, session)
    assert 'class="floor-give"' not in html
    assert "Next speaker" not in html
    posts = [
        (floor_url(session, "give", request_id=other.pk), {}),
        (floor_url(session, "give", request_id=999999), {}),  # 403 before saying which requests exist
        (floor_url(session, "next"), {}),
        (floor_url(session, "end"), {}),
        (floor_url(session, "time"), {"minutes": "1", "seconds": "0"}),
        (floor_url(session, "timer"), {"action": "pause"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert list(FloorRequest.objects.values_list("status", flat=True)) == ["waiting"]
    assert not Floor.objects.filter(session=session, speaking_time=60).exists()


def test_chair_gives_the_floor_moves_on_and_runs_the_timer_without_javascript(client: Client, clock: Clock) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    first = services.request_floor(session=session, by=delegate_of(session, full_name="Amina Diallo"))
    second = services.request_floor(session=session, by=delegate_of(session, country="KE", full_name="Juma Otieno"))
    client.force_login(chair)
    html = page(client, session)
    give = floor_url(session, "give", request_id=second.pk)
    assert f'action="{give}" class="floor-give" data-command="floor.give" data-id="{second.pk}">' in html
    assert f'<button type="submit" aria-describedby="floor-request-{second.pk}-name">Give the floor</button>' in html
    assert '<label for="floor-time-minutes">Minutes</label> <input type="number" name="minutes" value="4"' in html
    response = client.post(give)
    assert response["Location"] == page_url(session) + "#floor"
    html = page(client, session)
    assert "Juma Otieno has the floor." in html
    assert f'<span class="floor-name" id="floor-request-{second.pk}-name">Juma Otieno</span>' in html
    assert '<span class="floor-clock" role="timer" aria-labelledby="floor-clock-label">4:00</span>' in html

    assert client.post(floor_url(session, "timer"), {"action": "pause"}).status_code == 302
    clock.advance(30)
    html = page(client, session)
    assert "The timer is paused." in html
    assert '<span class="floor-paused">Paused</span>' in html
    assert client.post(floor_url(session, "timer"), {"action": "resume"}).status_code == 302
    clock.advance(250)
    html = page(client, session)
    assert "The timer is running." in html
    assert '<span class="floor-clock is-over" role="timer" aria-labelledby="floor-clock-label">0:10</span>' in html
    assert '<span class="floor-clock-label" id="floor-clock-label">Over time</span>' in html
    client.post(floor_url(session, "timer"), {"action": "restart"})
    assert "The timer started again." in page(client, session)
    client.post(floor_url(session, "timer"), {"action": "rewind"})
    assert "Choose to restart, pause or resume the timer." in page(client, session)

    client.post(floor_url(session, "time"), {"minutes": "1", "seconds": "30"})
    html = page(client, session)
    assert "The speaking time is 1:30." in html
    assert '<span class="floor-limit">of 1:30</span>' in html
    client.post(floor_url(session, "time"), {"minutes": "0", "seconds": "5"})
    assert "The speaking time must be between 15 seconds and 60 minutes." in page(client, session)
    client.post(floor_url(session, "time"), {"minutes": "x", "seconds": "75"})
    assert "Give the speaking time in whole minutes and seconds (0 to 59)." in page(client, session)
    assert Floor.objects.get(session=session).speaking_time == 90

    client.post(floor_url(session, "next"))
    assert "Amina Diallo has the floor." in page(client, session)
    client.post(floor_url(session, "give", request_id=second.pk))
    assert "This request is no longer on the list of speakers." in page(client, session)
    client.post(floor_url(session, "end"))
    html = page(client, session)
    assert "The turn has ended." in html
    assert '<p class="floor-free">No one has the floor.</p>' in html
    client.post(floor_url(session, "next"))
    assert "No one has the floor and no one is waiting for it." in page(client, session)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("done", "done")


def test_user_text_is_escaped(client: Client) -> None:
    session = LiveSessionFactory.create()
    services.request_floor(session=session, by=delegate_of(session, full_name="<b>Bold</b>"))
    html = page(client, session)
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_closed_session_answers_404_to_outsiders(client: Client) -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    request = services.request_floor(session=session, by=delegate_of(session))
    outsider = UserFactory.create()
    RegistrationFactory.create(
        event=session.event, user=outsider, category=CategoryFactory.create(event=session.event, is_accredited=False)
    )
    client.force_login(outsider)
    assert client.get(page_url(session)).status_code == 404
    for name, kwargs in [("request", {}), ("withdraw", {}), ("give", {"request_id": request.pk}), ("next", {})]:
        assert client.post(floor_url(session, name, **kwargs)).status_code == 404
    assert FloorRequest.objects.filter(user=outsider).count() == 0
    # An accredited delegate sees the session and may ask for the floor.
    client.force_login(delegate_of(session, country="KE"))
    assert client.post(floor_url(session, "request")).status_code == 302
    assert FloorRequest.objects.filter(status="waiting").count() == 2


def test_floor_forms_accept_post_only(client: Client) -> None:
    session = LiveSessionFactory.create()
    client.force_login(delegate_of(session))
    assert client.get(floor_url(session, "request")).status_code == 405


def _queries_for_page(client: Client, requests: int, viewer: str) -> int:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    people = [delegate_of(session, country=country) for country in ["VN", "KE", "FR", "BR"][: requests + 1]]
    for person in people:
        services.request_floor(session=session, by=person)
    services.next_speaker(session=session, by=chair)
    if viewer == "chair":
        client.force_login(chair)
    elif viewer == "delegate":
        client.force_login(people[-1])
    with CaptureQueriesContext(connection) as queries:
        page(client, session)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "chair"])
def test_session_page_query_count_does_not_grow_with_requests(client: Client, viewer: str) -> None:
    assert _queries_for_page(client, 1, viewer) == _queries_for_page(client, 3, viewer)


def test_admin_lists_floor_requests(client: Client) -> None:
    session = LiveSessionFactory.create()
    request = services.request_floor(session=session, by=delegate_of(session, full_name="Amina Diallo"))
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert "Amina Diallo" in client.get("/admin/floor/floorrequest/").content.decode()
    assert client.get(f"/admin/floor/floorrequest/{request.pk}/change/").status_code == 200
    assert client.get("/admin/floor/floor/").status_code == 200
