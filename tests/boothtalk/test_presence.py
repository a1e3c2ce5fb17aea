"""Named presence: only visitors who opt in, only while they are here, only for the booth's team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from pavilion.boothtalk import presence
from pavilion.boothtalk.models import BoothPresence
from pavilion.live.broker import MemoryBroker
from tests.boothtalk.helpers import stand
from tests.live.features import published

pytestmark = pytest.mark.django_db


def _share(user: object, share: bool = True) -> None:
    user.show_name_to_exhibitors = share  # type: ignore[attr-defined]
    user.save(update_fields=["show_name_to_exhibitors"])  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_only_visitors_who_share_their_name_are_recorded_and_listed(broker: MemoryBroker) -> None:
    s = stand()
    _share(s.visitor)
    assert presence.note_here(booth=s.booth, user=s.visitor) is True
    assert presence.note_here(booth=s.booth, user=s.visitor) is True  # still here: the team is told once
    since = BoothPresence.objects.get().arrived_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    arrival = {
        "boothvisitors": {"booth": s.booth.pk, "arrived": {"id": s.visitor.pk, "name": "Amina Diallo", "since": since}}
    }
    assert published(broker, f"user:{s.staff.pk}") == [arrival]
    assert published(broker, f"user:{s.organiser.pk}") == [arrival]
    assert published(broker, f"user:{s.other_visitor.pk}") == []
    assert published(broker, s.topic) == []
    assert presence.note_here(booth=s.booth, user=s.other_visitor) is False
    _share(s.staff)
    assert presence.note_here(booth=s.booth, user=s.staff) is False  # the team is not a visitor
    assert presence.note_here(booth=s.booth, user=None) is False
    assert [entry["name"] for entry in presence.visitors_here(booth=s.booth, by=s.staff)] == ["Amina Diallo"]
    assert BoothPresence.objects.count() == 1
    for outsider in (s.visitor, s.other_visitor, None):
        with pytest.raises(PermissionDenied):
            presence.visitors_here(booth=s.booth, by=outsider)


def test_a_visitor_counts_as_here_until_the_window_after_their_last_sign_of_life() -> None:
    s = stand()
    _share(s.visitor)
    presence.note_here(booth=s.booth, user=s.visitor)
    long_ago = timezone.now() - presence.HERE_WINDOW - timedelta(seconds=1)
    BoothPresence.objects.update(arrived_at=long_ago, last_seen_at=long_ago)
    assert presence.here_now(booth=s.booth) == []
    # Back after a while: a new arrival, not a stay since long ago.
    presence.note_here(booth=s.booth, user=s.visitor)
    entry = BoothPresence.objects.get()
    assert entry.arrived_at == entry.last_seen_at
    assert entry.arrived_at > long_ago
    assert [visitor["id"] for visitor in presence.here_now(booth=s.booth)] == [s.visitor.pk]


def test_turning_the_choice_off_hides_the_visitor_at_once() -> None:
    s = stand()
    _share(s.visitor)
    presence.note_here(booth=s.booth, user=s.visitor)
    _share(s.visitor, False)
    assert presence.here_now(booth=s.booth) == []
    assert presence.note_here(booth=s.booth, user=s.visitor) is False


def test_the_booth_page_lists_named_visitors_for_the_team_only() -> None:
    s = stand()
    _share(s.visitor)
    presence.note_here(booth=s.booth, user=s.visitor)
    staff, visitor = Client(), Client()
    staff.force_login(s.staff)
    visitor.force_login(s.other_visitor)
    team_page = staff.get(s.page).content.decode()
    assert "Visitors here now who share their name" in team_page
    assert "<li>Amina Diallo</li>" in team_page
    visitor_page = visitor.get(s.page).content.decode()
    assert "Amina Diallo" not in visitor_page
    assert "Visitors here now" not in visitor_page
    # The page only asks for the heartbeat for visitors who share their name.
    own = Client()
    own.force_login(s.visitor)
    assert 'data-heartbeat="30"' in own.get(s.page).content.decode()
    assert "data-heartbeat" not in visitor_page


def test_the_profile_offers_the_choice_and_it_is_off_by_default() -> None:
    s = stand()
    assert s.visitor.show_name_to_exhibitors is False
    client = Client()
    client.force_login(s.visitor)
    page = client.get("/en/accounts/profile/").content.decode()
    assert "Let exhibitors see my name when I visit a booth" in page
    response = client.post(
        "/en/accounts/profile/",
        {"full_name": "Amina Diallo", "language": "en", "show_name_to_exhibitors": "on", "time_zone": ""},
    )
    assert response.status_code == 302
    s.visitor.refresh_from_db()
    assert s.visitor.show_name_to_exhibitors is True
