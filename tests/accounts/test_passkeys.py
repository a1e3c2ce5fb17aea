"""Signing in with a passkey instead of the password (issue 18, item 20).

The whole ceremony runs in tests/e2e/test_passkey_journey.py (Chromium's virtual authenticator);
these are the server's answers a browser cannot show.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_offers_a_passkey(client: Client) -> None:
    page = client.get("/en/accounts/login/").content.decode()
    assert 'id="passkey_login"' in page
    assert '<form id="mfa_login" action="/en/accounts/2fa/webauthn/login/" method="post">' in page


def test_a_passkey_sign_in_demands_that_the_key_verifies_the_person(client: Client) -> None:
    """A PIN or fingerprint on the key, or no sign-in: possession alone would be one factor."""
    answer = client.get("/en/accounts/2fa/webauthn/login/", headers={"x-requested-with": "XMLHttpRequest"})
    options = answer.json()["request_options"]["publicKey"]
    assert options["userVerification"] == "required"
    # Any passkey of any account may answer (the key says whose it is): none is named to the visitor.
    assert options.get("allowCredentials", []) == []


FORGED = {
    "type": "public-key",
    "id": "AAAA",
    "rawId": "AAAA",
    "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA", "userHandle": "MQ"},
}


def test_a_forged_passkey_answer_signs_no_one_in(client: Client) -> None:
    user = UserFactory.create()
    client.get("/en/accounts/2fa/webauthn/login/", headers={"x-requested-with": "XMLHttpRequest"})
    response = client.post("/en/accounts/2fa/webauthn/login/", {"credential": json.dumps(FORGED)})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None


def test_passkey_sign_ins_are_limited_per_address() -> None:
    """allauth's own limit (``MFA_RATE_LIMITS["webauthn_login"]``, 10 a minute per address), counted
    in the shared cache like the password sign-in's."""
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    form = {"credential": json.dumps(FORGED)}
    answers = [guesser.post("/en/accounts/2fa/webauthn/login/", form).status_code for _attempt in range(11)]
    assert answers == [302] * 10 + [429]
    assert Client(REMOTE_ADDR="198.51.100.10").post("/en/accounts/2fa/webauthn/login/", form).status_code == 302
