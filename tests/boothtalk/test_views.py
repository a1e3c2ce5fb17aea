"""The booth page's "Talk with us" panel and the visitors' pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.boothtalk import contacts, conversations
from pavilion.exhibition.models import BoothStatus
from tests.boothtalk.helpers import stand
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_a_sign_in_link_and_no_form() -> None:
    s = stand()
    response = Client().get(s.page)
    page = response.content.decode()
    assert 'data-role="anonymous"' in page
    assert "Sign in to write to the booth's staff, leave your contact or ask for a meeting" in page
    assert "csrfmiddlewaretoken" not in page
    assert response.cookies == {}  # so the page can be shared from the public cache


def test_a_visitor_gets_their_own_conversation_the_request_links_and_the_presence_line() -> None:
    s = stand()
    conversations.post_message(booth=s.booth, by=s.other_visitor, text="Someone else's question")
    client = Client()
    client.force_login(s.visitor)
    page = client.get(s.page).content.decode()
    assert 'data-role="visitor"' in page
    assert f'data-topic="booth:{s.booth.pk}"' in page
    assert 'data-format-viewers="Here now: {viewers}"' in page
    assert "Only you and the booth's staff read this conversation." in page
    assert "Someone else&#x27;s question" not in page
    assert f'href="{s.page}contact/"' in page
    # Meetings with the booth are networking's panel on the same page.
    networking = f"/en/events/{s.booth.event.slug}/networking/booths/{s.booth.slug}/propose-times/"
    assert f'href="{networking}"' in page


def test_the_team_and_unpublished_booths_take_no_visitors_requests() -> None:
    s = stand()
    staff = Client()
    staff.force_login(s.staff)
    page = staff.get(s.page + "contact/").content.decode()
    assert "You answer for this booth: its visitors' requests reach you on your exhibitor pages." in page
    assert "<form" not in page.split("<main", 1)[1]
    s.booth.status = BoothStatus.APPROVED
    s.booth.save()
    organiser = Client()
    organiser.force_login(s.organiser)
    assert "This booth is not published" in organiser.get(s.page + "contact/").content.decode()
    visitor = Client()
    visitor.force_login(s.visitor)
    assert visitor.get(s.page + "contact/").status_code == 404
    assert Client().get(s.page + "contact/").status_code == 302


def test_my_contacts_lists_only_my_own_requests_and_conversations() -> None:
    s = stand()
    contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["email"], consent=True, message="Mine")
    contacts.leave_contact(booth=s.booth, by=s.other_visitor, fields=["email"], consent=True, message="Theirs")
    conversations.post_message(booth=s.booth, by=s.visitor, text="Hello")
    client = Client()
    client.force_login(s.visitor)
    page = client.get(f"/en/events/{s.booth.event.slug}/exhibition/my-contacts/").content.decode()
    assert "Mine" in page
    assert "Theirs" not in page
    assert s.other_visitor.email not in page
    assert f'href="{s.page}#booth-chat"' in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_teams_panel_takes_the_same_queries_for_one_conversation_or_three(count: int) -> None:
    s = stand()
    for _number in range(count):
        visitor = UserFactory.create()
        conversations.post_message(booth=s.booth, by=visitor, text="Hello")
    client = Client()
    client.force_login(s.staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(s.page)
    assert response.content.decode().count('class="booth-conversation"') == count
    assert len(queries) == 24  # with the interest widget and networking's booth panel; role questions asked once
