"""The 2D exhibition on a phone: the five filter lists folded under "More filters" (open when one is
in use), and long booth lists in pages of BOOTHS_PER_PAGE that keep the filters."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pavilion.exhibition.listing import BOOTHS_PER_PAGE, page_of
from tests.factories import BoothFactory, EventFactory, HallFactory, PavilionFactory

pytestmark = pytest.mark.django_db


def booth_names(html: str) -> list[str]:
    return re.findall(r"Booth (\d{2})", html)


def test_page_of_keeps_within_the_pages() -> None:
    assert page_of(0, None) == page_of(0, "3")
    assert (page_of(0, None).number, page_of(0, None).pages, page_of(0, None).first) == (1, 1, 0)
    assert (page_of(50, "2").first, page_of(50, "2").last, page_of(50, "2").pages) == (25, 48, 3)
    assert (page_of(50, "9").number, page_of(50, "x").number, page_of(50, "-1").number) == (3, 1, 1)
    assert (page_of(50, "3").previous, page_of(50, "3").next, page_of(50, "1").previous) == (2, None, None)


def test_long_booth_lists_come_in_pages_that_keep_the_filters(client: Client) -> None:
    event = EventFactory.create()
    hall = HallFactory.create(event=event)
    viet_nam = PavilionFactory.create(event=event, hall=hall, country="VN")
    thailand = PavilionFactory.create(event=event, hall=hall, country="TH")
    for number in range(BOOTHS_PER_PAGE + 2):
        BoothFactory.create(
            event=event, pavilion=viet_nam, slug=f"booth-{number:02d}", name={"en": f"Booth {number:02d}"}
        )
    BoothFactory.create(event=event, pavilion=thailand, name={"en": "Siam Example"})
    url = f"/en/events/{event.slug}/exhibition/"
    first = client.get(url, {"country": "VN"}).content.decode()
    assert len(booth_names(first)) == BOOTHS_PER_PAGE
    assert "26 booths" in first
    assert "Booths 1\u201324 of 26" in first
    assert "Page 1 of 2" in first
    assert '<a href="?country=VN&amp;page=2" rel="next">Next page</a>' in first
    assert "Previous page" not in first
    second = client.get(url, {"country": "VN", "page": "2"}).content.decode()
    assert booth_names(second) == ["24", "25"]
    assert "Siam Example" not in second
    assert '<a href="?country=VN&amp;page=1" rel="prev">Previous page</a>' in second
    assert "Next page" not in second
    beyond = client.get(url, {"country": "VN", "page": "99"}).content.decode()
    assert booth_names(beyond) == ["24", "25"]
    everything = client.get(url).content.decode()
    assert '<a href="?page=2" rel="next">Next page</a>' in everything
    short = client.get(url, {"country": "TH"}).content.decode()
    assert 'class="paging"' not in short
    searched = client.get(url, {"q": "booth", "page": "2"}).content.decode()
    assert 'class="booth-cards" start="25"' in searched


def test_filters_under_more_filters_come_open_and_say_when_one_is_in_use(client: Client) -> None:
    # Open from the server, so that without JavaScript they show on a desktop; app.js folds them on
    # a phone unless one is in use (tests/e2e/test_phone_and_first_visit.py).
    event = EventFactory.create()
    BoothFactory.create(event=event, pavilion=PavilionFactory.create(event=event, country="VN"))
    url = f"/en/events/{event.slug}/exhibition/"
    plain = client.get(url).content.decode()
    assert '<details class="more-filters" data-open-wide open>' in plain
    assert "<summary>More filters</summary>" in plain
    folded = plain.index("<summary>More filters</summary>")
    assert plain.index('id="filter-q"') < folded < plain.index('id="filter-country"')  # the search stays in view
    filtered = client.get(url, {"country": "VN", "q": "x"}).content.decode()
    assert '<details class="more-filters" data-open-wide open data-in-use>' in filtered
    assert "<summary>More filters (1 in use)</summary>" in filtered


def test_a_pavilion_spanning_two_pages_says_it_continues_instead_of_starting_again(client: Client) -> None:
    event = EventFactory.create()
    hall = HallFactory.create(event=event, name={"en": "Connectivity"})
    viet_nam = PavilionFactory.create(event=event, hall=hall, country="VN", position=0)
    thailand = PavilionFactory.create(event=event, hall=hall, country="TH", position=1)
    for number in range(BOOTHS_PER_PAGE + 2):
        BoothFactory.create(
            event=event,
            pavilion=viet_nam,
            slug=f"booth-{number:02d}",
            name={"en": f"Booth {number:02d}"},
            position=number,
        )
    BoothFactory.create(event=event, pavilion=thailand, name={"en": "Siam Example"}, position=99)
    url = f"/en/events/{event.slug}/exhibition/"
    first = client.get(url).content.decode()
    assert "(continued)" not in first
    assert '<a href="?page=2">More of this pavilion\'s booths on the next page</a>' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert re.search(r'<h2 id="hall-1">Connectivity <span class="meta">\(continued\)</span></h2>', second)
    continued = '<span class="meta">· National pavilion</span> <span class="meta">(continued)</span>'
    assert f'<h3 id="pavilion-1-1">Viet Nam {continued}</h3>' in second
    # Thailand starts on this page: no "(continued)" for it, and nothing continues past the last page.
    assert re.search(r'<h3 id="pavilion-1-2">Thailand <span class="meta">· National pavilion</span></h3>', second)
    assert "More of this pavilion" not in second
