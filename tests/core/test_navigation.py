"""The navigation menus apps fill (core/navigation.py) and the two navigations that render them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client

from pavilion.core import navigation
from pavilion.core.navigation import add_nav_entry, nav_entries, nav_links
from pavilion.events.models import Event
from tests.factories import EventFactory, FocalPointFactory, UserFactory

pytestmark = pytest.mark.django_db

ORGANISER_LABELS = [
    "Overview",
    "Event details",
    "Sessions",
    "Speakers",
    "Captioners",
    "Interpretation",
    "Rooms",
    "Themes",
    "Sub-groups",
    "Participant categories",
    "Exhibition",
    "Surveys",
    "Meetings",
    "Figures",
    "Import and export",
    "Registrations",
]


@pytest.fixture
def scratch_menu() -> Iterator[str]:
    yield "test-menu"
    navigation._menus.pop("test-menu", None)


def _links(html: str, label: str) -> list[tuple[str, str, bool]]:
    """(href, text, is current) of each link in the <nav> labelled ``label``."""
    nav = re.search(rf'<nav[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S)
    assert nav is not None, html
    return [
        (href, text, "aria-current" in attributes)
        for href, attributes, text in re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav.group(1))
    ]


def test_entries_come_in_order_and_a_section_is_registered_once(scratch_menu: str) -> None:
    add_nav_entry(scratch_menu, "b", label="B", url_name="organising:dashboard", order=20)
    add_nav_entry(scratch_menu, "a", label="A", url_name="organising:event_edit", order=10)
    add_nav_entry(scratch_menu, "b", label="B again", url_name="organising:sessions", order=5)
    assert [(entry.section, str(entry.label)) for entry in nav_entries(scratch_menu)] == [("b", "B again"), ("a", "A")]
    links = nav_links(scratch_menu, slug="vdw-2020", current="a")
    assert [(link.url, link.is_current) for link in links] == [
        ("/en/manage/vdw-2020/sessions/", False),
        ("/en/manage/vdw-2020/edit/", True),
    ]


def test_an_entry_is_shown_only_where_it_says_so(scratch_menu: str) -> None:
    add_nav_entry(
        scratch_menu, "x", label="X", url_name="organising:dashboard", order=1, visible=lambda e, u: u is not None
    )
    assert nav_links(scratch_menu, slug="e", current="", user=None) == []
    assert len(nav_links(scratch_menu, slug="e", current="", user=object())) == 1


def test_the_organiser_area_lists_every_app_section_in_order(client: Client) -> None:
    event: Event = EventFactory.create(slug="vdw-2020")
    user = UserFactory.create()
    event.organising_team.add(user)
    client.force_login(user)
    links = _links(client.get("/en/manage/vdw-2020/sessions/").content.decode(), "Managing this event")
    assert [text for _href, text, _current in links] == ORGANISER_LABELS
    assert [text for _href, text, current in links if current] == ["Sessions"]
    hrefs = {text: href for href, text, _current in links}
    assert hrefs["Captioners"] == "/en/manage/vdw-2020/captioners/"
    assert hrefs["Exhibition"] == "/en/manage/vdw-2020/exhibition/"
    assert hrefs["Surveys"] == "/en/manage/vdw-2020/surveys/"
    assert hrefs["Figures"] == "/en/manage/vdw-2020/dashboard/"
    assert hrefs["Registrations"] == "/en/events/vdw-2020/registration/review/"
    assert client.get(hrefs["Figures"]).status_code == 200


@pytest.mark.parametrize("reviewer", [False, True])
def test_the_event_pages_offer_the_review_only_to_reviewers(client: Client, reviewer: bool) -> None:
    event: Event = EventFactory.create(slug="vdw-2020", is_schedule_published=True)
    user = UserFactory.create()
    if reviewer:
        FocalPointFactory.create(event=event, user=user)
    client.force_login(user)
    links = _links(client.get("/en/events/vdw-2020/speakers/").content.decode(), "Event pages")
    expected = ["Schedule", "Speakers", "Exhibition", "My agenda"] + (["Review registrations"] if reviewer else [])
    assert [text for _href, text, _current in links] == expected
    assert [text for _href, text, current in links if current] == ["Speakers"]
