"""Bad input to the API gets a 4xx with a message and changes nothing (never a 500)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from pavilion.events.models import AgendaItem, Event, Session
from tests.factories import EventFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def event() -> Event:
    return EventFactory.create(slug="summit", is_published=True, host_country="VN", content_locales=["en", "vi"])


@pytest.fixture
def session(event: Event) -> Session:
    return SessionFactory.create(
        event=event,
        slug="opening",
        title={"en": "Opening"},
        abstract={"en": "Welcome"},
        starts_at=datetime(2020, 10, 20, 9, tzinfo=UTC),
        ends_at=datetime(2020, 10, 20, 10, tzinfo=UTC),
    )


# An unmasked CSRF secret, sent as the cookie and the header, as a browser client does: the CSRF
# check is where a broken multipart body used to fail.
CSRF_TOKEN = "k" * 32


@pytest.fixture
def organiser(event: Event) -> Client:
    user = UserFactory.create()
    event.organising_team.add(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def _raw(client: Client, method: str, path: str, body: str, content_type: str = "application/json") -> Any:
    return client.generic(
        method, path, body.encode("utf-8", "surrogatepass"), content_type=content_type, HTTP_X_CSRFTOKEN=CSRF_TOKEN
    )


@pytest.mark.parametrize(
    "path",
    [
        "/events/",
        "/events/summit/sessions/",
        "/events/summit/schedule/",
        "/me/agenda/",
        "/events/summit/registrations/",
        "/events/summit/registrations/1/decision/",
        "/live/token",
    ],
)
def test_multipart_without_boundary_is_a_400(organiser: Client, session: Session, path: str) -> None:
    response = _raw(organiser, "POST", API + path, '{"published": true}', content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body cannot be read: its multipart boundary is missing or invalid."
    }
    assert Session.objects.count() == 1


def test_form_post_without_multipart_boundary_is_a_400(organiser: Client, session: Session) -> None:
    response = organiser.generic(
        "POST", "/en/accounts/profile/", b"x", content_type="multipart/form-data", HTTP_X_CSRFTOKEN=CSRF_TOKEN
    )
    assert response.status_code == 400
    assert response.content.decode() == "The request body cannot be read: its multipart boundary is missing or invalid."


def test_event_patch_with_null_for_a_required_field_is_a_422(organiser: Client, event: Event) -> None:
    response = _raw(organiser, "PATCH", f"{API}/events/summit/", '{"host_country": null, "name": null}')
    assert response.status_code == 422
    assert response.json() == {
        "detail": {
            "host_country": ["This field cannot be null: leave it out to keep its value."],
            "name": ["This field cannot be null: leave it out to keep its value."],
        }
    }
    event.refresh_from_db()
    assert event.host_country == "VN"


def test_session_patch_with_null_abstract_is_a_422(organiser: Client, session: Session) -> None:
    response = _raw(organiser, "PATCH", f"{API}/events/summit/sessions/opening/", '{"abstract": null}')
    assert response.status_code == 422
    assert response.json() == {"detail": {"abstract": ["This field cannot be null: leave it out to keep its value."]}}
    session.refresh_from_db()
    assert session.abstract.localize("en") == "Welcome"


def test_session_patch_may_clear_the_room_with_null(organiser: Client, session: Session) -> None:
    response = _raw(organiser, "PATCH", f"{API}/events/summit/sessions/opening/", '{"room": null}')
    assert response.status_code == 200
    assert response.json()["room"] is None


LONE_SURROGATE = '"Opening \\ud800"'


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/me/agenda/", '{"event": "summit", "session": "opening\\ud800"}', "session"),
        ("PATCH", "/events/summit/", '{"name": {"en": "Summit \\udfff"}}', "name.en"),
        ("PATCH", "/events/summit/sessions/opening/", '{"title": {"vi": "Khai m\\ud83d"}}', "title.vi"),
        ("PATCH", "/events/summit/sessions/opening/", '{"languages": ["en", "\\udc00"]}', "languages.1"),
        ("POST", "/events/summit/registrations/", '{"category": "visitor", "note": "\\ud800"}', "note"),
        ("POST", "/me/agenda/", '{"event": "\\u0000", "session": ""}', "event"),
    ],
)
def test_lone_surrogate_is_refused_with_a_422_and_changes_nothing(
    organiser: Client, session: Session, method: str, path: str, body: str, field: str
) -> None:
    response = _raw(organiser, method, API + path, body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": {
            field: ["This text contains an invalid character (a lone UTF-16 surrogate or a NUL character); remove it."]
        }
    }
    session.refresh_from_db()
    assert session.title.localize("vi") == "Opening"
    assert Event.objects.get(slug="summit").name.localize("en") != "Summit \udfff"
    assert AgendaItem.objects.count() == 0


def test_emoji_written_as_a_surrogate_pair_is_accepted(organiser: Client, session: Session) -> None:
    response = _raw(
        organiser, "PATCH", f"{API}/events/summit/sessions/opening/", '{"title": {"en": "Opening \\ud83c\\udf89"}}'
    )
    assert response.status_code == 200
    assert response.json()["title"] == {"en": "Opening \U0001f389"}


def test_pages_still_answer_after_a_refused_lone_surrogate(organiser: Client, event: Event, session: Session) -> None:
    _raw(organiser, "PATCH", f"{API}/events/summit/", '{"name": {"en": "Summit \\ud800"}}')
    assert Client().get("/en/").status_code == 200
    assert Client().get("/en/events/summit/").status_code == 200


def test_nul_in_a_query_or_a_path_is_a_400(organiser: Client, session: Session) -> None:
    message = "The address contains an invalid character (a NUL character)."
    for path in ("/me/agenda/?event=%00", "/events/sum%00mit/", "/events/summit/sessions/open%00ing/"):
        response = organiser.get(API + path)
        assert (response.status_code, response.json()) == (400, {"detail": message})
    page = organiser.get("/en/events/summit/sessions/?q=%00")
    assert (page.status_code, page.content.decode()) == (400, message)
