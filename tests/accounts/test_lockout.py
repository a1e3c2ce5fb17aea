"""Wrong passwords lock out the address they came from for that account, never the account itself
(issue 18, finding 15): someone guessing a head of delegation's password cannot keep the head out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from pavilion.accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.5"
OWNER = "198.51.100.7"
LOCKED_OUT = "Too many wrong passwords for this account from your network."


def _guess_five_times(user: User) -> Client:
    guesser = Client(REMOTE_ADDR=GUESSER)
    for _attempt in range(5):
        response = guesser.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert "The email address and/or password you specified are not correct." in response.content.decode()
    return guesser


def test_wrong_passwords_lock_out_their_address_even_with_the_right_one() -> None:
    user = UserFactory.create()
    guesser = _guess_five_times(user)
    response = guesser.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    page = response.content.decode()
    assert response.status_code == 200
    assert LOCKED_OUT in page
    # The way out is on the same page.
    assert 'href="/en/accounts/password/reset/"' in page
    assert "_auth_user_id" not in guesser.session


def test_the_owner_signs_in_from_their_own_address_meanwhile() -> None:
    user = UserFactory.create()
    _guess_five_times(user)
    owner = Client(REMOTE_ADDR=OWNER)
    response = owner.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/en/accounts/profile/"
    assert owner.session["_auth_user_id"] == str(user.pk)


def test_the_owner_is_told_once_which_address_was_locked_out() -> None:
    user = UserFactory.create(email="head.of.delegation@example.org")
    guesser = _guess_five_times(user)
    for _attempt in range(3):
        guesser.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
    assert [message.to for message in mail.outbox] == [["head.of.delegation@example.org"]]
    body = str(mail.outbox[0].body)
    assert f"from the network address {GUESSER}" in body
    assert "Your account is not locked" in body
    assert "http://127.0.0.1:8000/en/accounts/password/reset/" in body


def test_an_unknown_address_gets_the_lockout_without_an_email() -> None:
    guesser = Client(REMOTE_ADDR=GUESSER)
    for _attempt in range(6):
        response = guesser.post("/en/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password"})
    assert LOCKED_OUT in response.content.decode()
    assert mail.outbox == []


def test_a_password_reset_lifts_the_lockout_of_the_address_it_came_from() -> None:
    user = UserFactory.create()
    guesser = _guess_five_times(user)
    mail.outbox.clear()
    guesser.post("/en/accounts/password/reset/", {"email": user.email})
    link = re.search(r"http://testserver(/en/accounts/password/reset/key/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    form = guesser.get(link.group(1))
    new_password = "a-brand-new-long-password"
    guesser.post(form["Location"], {"password1": new_password, "password2": new_password})
    response = guesser.post("/en/accounts/login/", {"login": user.email, "password": new_password})
    assert response["Location"] == "/en/accounts/profile/"
