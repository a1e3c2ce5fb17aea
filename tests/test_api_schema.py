"""A property test over the OpenAPI schema: no request the schema allows (or nearly allows) gets a 500.

Schemathesis generates requests for every operation, valid and invalid ones, and sends them to the
WSGI application in-process, once as an anonymous caller and once as the event's organiser (whose
writes reach the services). Path parameters are steered to objects that exist half of the time, so
the cases reach past the 404. The number of examples per operation is bounded to keep CI quick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.generation.case import Case

from tests.factories import (
    BoothFactory,
    CategoryFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

APPLICATION = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", APPLICATION)
# An unmasked CSRF secret, sent both as the cookie and the header (what a browser client does).
CSRF_TOKEN = "k" * 32


class Caller:
    """Cookies and headers for one identity, and the slugs that exist for it to hit."""

    def __init__(self, *, session_cookie: str | None, existing: dict[str, str]) -> None:
        self.cookies = {"csrftoken": CSRF_TOKEN}
        if session_cookie:
            self.cookies["sessionid"] = session_cookie
        self.headers = {"X-CSRFToken": CSRF_TOKEN}
        self.existing = existing


@pytest.fixture(autouse=True)
def _connection_kept_between_requests() -> Iterator[None]:
    """Django closes the database connection after each request; in-process, that is the test's own
    connection (inside its transaction), so keep it open as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "organiser"])
def caller(request: pytest.FixtureRequest) -> Caller:
    event = EventFactory.create(slug="summit", is_published=True)
    session = SessionFactory.create(
        event=event,
        slug="opening",
        starts_at=datetime(2020, 10, 20, 9, tzinfo=UTC),
        ends_at=datetime(2020, 10, 20, 10, tzinfo=UTC),
    )
    SpeakerFactory.create(event=event, slug="minister")
    BoothFactory.create(event=event, slug="viet-nam")
    category = CategoryFactory.create(event=event)
    registration = RegistrationFactory.create(event=event, category=category)
    existing = {
        "slug": event.slug,
        "event_slug": event.slug,
        "session_slug": session.slug,
        "registration_id": str(registration.pk),
    }
    cookie = None
    if request.param == "organiser":
        organiser = UserFactory.create()
        event.organising_team.add(organiser)
        client = Client()
        client.force_login(organiser)
        cookie = client.cookies["sessionid"].value
    return Caller(session_cookie=cookie, existing=existing)


def _steered(case: Case, existing: dict[str, str]) -> None:
    """Point path parameters at existing objects for half of the cases (chosen by the case's own data)."""
    if not case.path_parameters:
        return
    digest = hashlib.sha256(repr(sorted(case.path_parameters.items())).encode()).digest()
    if digest[0] % 2:
        return
    for name in case.path_parameters:
        if name in existing:
            case.path_parameters[name] = existing[name]


@SCHEMA.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
def test_api_never_answers_500(case: Case, caller: Caller) -> None:
    _steered(case, caller.existing)
    response = case.call(headers=caller.headers, cookies=caller.cookies)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
