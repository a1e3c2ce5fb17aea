"""Queries compiled once (core/fixed_queries.py), and the two role questions of every signed-in page
that use them: the header's "Manage events" and the two-factor rule (tests/accounts/test_mfa.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet
from django.test import Client

from pavilion.accounts.models import User
from pavilion.accreditation.models import FocalPoint
from pavilion.core.fixed_queries import FixedQuery
from pavilion.events.organising import may_manage_events
from tests.factories import EventFactory, FocalPointFactory, UserFactory

pytestmark = pytest.mark.django_db


def _named(account_id: int) -> QuerySet[User, tuple[str, bool]]:
    return User.objects.filter(pk=account_id).values_list("email", "is_active")


def test_a_fixed_query_answers_for_each_account_as_the_orm_does() -> None:
    query = FixedQuery(_named)
    accounts = [UserFactory.create(), UserFactory.create(is_active=False), UserFactory.create()]
    for account in accounts:
        assert query.rows(account.pk) == list(_named(account.pk))
    assert query.rows(accounts[0].pk + 1000) == []


def test_each_id_takes_its_own_place() -> None:
    """Focal points of two events: asked for (event, account), never (account, event)."""
    first, second = EventFactory.create(), EventFactory.create()
    person = FocalPointFactory.create(event=second).user
    query = FixedQuery(
        lambda event_id, account_id: FocalPoint.objects.filter(event_id=event_id, user_id=account_id).values_list("pk")[
            :1
        ]
    )
    assert (query.exists(first.pk, person.pk), query.exists(second.pk, person.pk)) == (False, True)


def test_a_query_that_does_not_depend_on_the_account_is_refused() -> None:
    with pytest.raises(ValueError, match="does not depend on every id"):
        FixedQuery(lambda _account_id: User.objects.filter(is_active=True).values_list("pk")).rows(1)
    with pytest.raises(ValueError, match="does not depend on every id"):
        FixedQuery(lambda event_id, _account_id: FocalPoint.objects.filter(event_id=event_id).values_list("pk")).rows(
            1, 2
        )


def _may_add_events() -> Permission:
    return Permission.objects.get(content_type__app_label="events", codename="add_event")


def test_manage_events_is_offered_to_organisers_event_creators_and_admins_only() -> None:
    organiser = UserFactory.create()
    EventFactory.create().organising_team.add(organiser)
    creator = UserFactory.create()
    creator.user_permissions.add(_may_add_events())
    in_group = UserFactory.create()
    group = Group.objects.create(name="Event creators")
    group.permissions.add(_may_add_events())
    in_group.groups.add(group)
    inactive_creator = UserFactory.create(is_active=False)
    inactive_creator.user_permissions.add(_may_add_events())
    admin = UserFactory.create(is_superuser=True)
    answers = {
        name: may_manage_events(account)
        for name, account in {
            "visitor": UserFactory.create(),
            "organiser": organiser,
            "creator": creator,
            "in group": in_group,
            "inactive creator": inactive_creator,
            "admin": admin,
        }.items()
    }
    assert answers == {
        "visitor": False,
        "organiser": True,
        "creator": True,
        "in group": True,
        "inactive creator": False,  # inactive accounts hold no permission (ModelBackend.has_perm)
        "admin": True,
    }


def test_the_header_links_manage_events_for_an_organiser_and_not_for_a_visitor(client: Client) -> None:
    organiser = UserFactory.create()
    event = EventFactory.create()
    client.force_login(UserFactory.create())
    assert "Manage events" not in client.get("/en/").content.decode()
    event.organising_team.add(organiser)  # a role given while others are signed in counts at once
    client.force_login(organiser)
    assert "Manage events" in client.get("/en/").content.decode()
