"""Tokens for the live socket: issued to signed-in accounts, short-lived, revoked by a password change."""

from __future__ import annotations

import pytest
from django.test import Client

from pavilion.live.auth import issue_token, user_from_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_account_gets_a_token_for_itself(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post("/api/v1/live/token")
    assert response.status_code == 200
    assert response.json()["expires_in"] == 60
    assert user_from_token(response.json()["token"]) == user


def test_anonymous_visitors_get_no_token(client: Client) -> None:
    assert client.post("/api/v1/live/token").status_code == 401


def test_forged_and_revoked_tokens_name_nobody() -> None:
    user = UserFactory.create()
    token = issue_token(user)
    assert user_from_token(token + "x") is None
    user.set_password("another-long-password")
    user.save()
    assert user_from_token(token) is None
