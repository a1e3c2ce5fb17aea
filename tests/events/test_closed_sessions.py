"""A closed ministerial roundtable does not exist for those outside it — in pages, API and calendar feeds."""

from __future__ import annotations

import icalendar
import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.events.models import Event
from pavilion.events.services import calendar_token_for
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
CLOSED = "Closed ministerial roundtable"


def _doors(client: Client, event: Event, user: User | None) -> dict[str, bool]:
    """Whether the closed roundtable shows through each door for this person."""
    client.logout()
    if user is not None:
        client.force_login(user)
    session_page = client.get(f"/en/events/{event.slug}/sessions/roundtable/")
    schedule = client.get(f"/en/events/{event.slug}/").content.decode()
    api_list = client.get(f"/api/v1/events/{event.slug}/sessions/").json()
    api_detail = client.get(f"/api/v1/events/{event.slug}/sessions/roundtable/")
    feed_path = (
        f"/calendar/{calendar_token_for(user=user)}/events/{event.slug}.ics"
        if user is not None
        else f"/calendar/events/{event.slug}.ics"
    )
    feed = icalendar.Calendar.from_ical(client.get(feed_path).content)
    summaries = [str(component["SUMMARY"]) for component in feed.walk("VEVENT")]
    return {
        "session page": session_page.status_code == 200,
        "schedule": CLOSED in schedule,
        "api list": any(item["slug"] == "roundtable" for item in api_list),
        "api detail": api_detail.status_code == 200,
        "calendar": CLOSED in summaries,
    }


@pytest.fixture
def event() -> Event:
    event = EventFactory.create()
    SessionFactory.create(event=event, slug="opening", title={"en": "Opening"})
    roundtable = SessionFactory.create(event=event, slug="roundtable", title={"en": CLOSED}, access_level="invited")
    invited = RegistrationFactory.create(event=event, country="VN")
    roundtable.invitees.add(invited.user)
    return event


HIDDEN = dict.fromkeys(["session page", "schedule", "api list", "api detail", "calendar"], False)
SHOWN = dict.fromkeys(HIDDEN, True)


def test_hidden_from_anonymous_visitors(client: Client, event: Event) -> None:
    assert _doors(client, event, None) == HIDDEN


def test_hidden_from_a_registered_but_unapproved_user(client: Client, event: Event) -> None:
    pending = RegistrationFactory.create(event=event, country="VN", status="pending")
    assert _doors(client, event, pending.user) == HIDDEN


def test_hidden_from_another_countrys_accredited_delegate(client: Client, event: Event) -> None:
    other = RegistrationFactory.create(event=event, country="TH")
    assert _doors(client, event, other.user) == HIDDEN


def test_shown_to_the_invited_delegate_and_to_organisers(client: Client, event: Event) -> None:
    invited = event.sessions.get(slug="roundtable").invitees.get()
    assert _doors(client, event, invited) == SHOWN
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    assert _doors(client, event, organiser) == SHOWN
