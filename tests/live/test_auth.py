"""Tickets for the live socket: issued to signed-in accounts, opaque, single-use, short-lived."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pavilion.live.auth import Credentials, Standing, identify_many, issue_ticket
from pavilion.live.models import Ticket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_account_gets_an_opaque_ticket_tied_to_its_session(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post("/api/v1/live/token")
    assert response.status_code == 200
    assert response.json()["expires_in"] == 30
    ticket = response.json()["token"]
    assert len(ticket) == 43  # 32 random bytes ...
    assert ":" not in ticket  # ... not a signed claim (user:hash:time) as before
    assert not Ticket.objects.filter(digest=ticket).exists()  # stored as its digest only
    [identity] = identify_many([Credentials(token=ticket)])
    assert identity.user == user
    assert identity.standing == Standing(client.session.session_key or "", user.get_session_auth_hash(), user.pk)


def test_anonymous_visitors_get_no_ticket(client: Client) -> None:
    assert client.post("/api/v1/live/token").status_code == 401
    assert Ticket.objects.count() == 0


def test_a_ticket_opens_one_socket_only() -> None:
    user = UserFactory.create()
    ticket = issue_ticket(user)
    first, second = identify_many([Credentials(token=ticket), Credentials(token=ticket)])
    assert (first.user, first.refused) == (user, False)
    assert (second.user, second.refused) == (None, True)
    assert Ticket.objects.count() == 0


def test_forged_expired_and_revoked_tickets_name_nobody() -> None:
    user = UserFactory.create()
    forged = issue_ticket(user) + "x"
    expired = issue_ticket(user)
    Ticket.objects.update(expires=timezone.now() - timedelta(seconds=1))
    revoked = issue_ticket(user)
    user.set_password("another-long-password")
    user.save()
    identities = identify_many([Credentials(token=forged), Credentials(token=expired), Credentials(token=revoked)])
    assert [(identity.user, identity.refused) for identity in identities] == [(None, True)] * 3


def test_a_ticket_from_a_session_that_ended_is_refused(client: Client) -> None:
    client.force_login(UserFactory.create())
    ticket = client.post("/api/v1/live/token").json()["token"]
    client.post("/en/accounts/logout/")
    [identity] = identify_many([Credentials(token=ticket)])
    assert (identity.user, identity.refused) == (None, True)


def test_expired_tickets_are_swept_when_new_ones_are_issued() -> None:
    user = UserFactory.create()
    issue_ticket(user)
    Ticket.objects.update(expires=timezone.now() - timedelta(seconds=1))
    issue_ticket(user)
    assert Ticket.objects.count() == 1
