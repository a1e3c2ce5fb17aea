"""Two-factor authentication: who must use it, and every door refusing a session that did not.

Doors: pages, the back office, the JSON API and the live gateway's sign-in check. The rule is off in
the rest of the test suite (tests/settings.py); these tests turn it on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from pavilion.accounts.mfa import accounts_needing_mfa, needs_mfa
from pavilion.accounts.models import User
from pavilion.live.auth import Credentials, identify_many
from pavilion.live.broker import MemoryBroker
from tests.accounts.two_factor import add_totp, recovery_codes, sign_in_with_code, totp_code
from tests.factories import TEST_PASSWORD, EventFactory, FocalPointFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import fresh_broker
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_enforced(settings: Any) -> None:
    settings.PAVILION_MFA_ENFORCED = True


def _organiser(*, required: bool = True) -> User:
    user = UserFactory.create()
    EventFactory.create(mfa_required=required).organising_team.add(user)
    return user


def _focal_point(*, required: bool = True) -> User:
    return FocalPointFactory.create(event=EventFactory.create(mfa_required=required)).user


def _secretariat(*, required: bool = True) -> User:
    user = UserFactory.create()
    ProgrammeFactory.create(mfa_required=required).secretariat.add(user)
    return user


def _platform_admin(*, required: bool = True) -> User:
    return UserFactory.create(is_staff=True, is_superuser=True)


ROLES: dict[str, Callable[..., User]] = {
    "organiser": _organiser,
    "focal point": _focal_point,
    "secretariat": _secretariat,
    "platform admin": _platform_admin,
}


@pytest.mark.parametrize("role", ROLES)
def test_roles_that_decide_must_use_a_second_factor(role: str) -> None:
    assert needs_mfa(ROLES[role]()) is True


@pytest.mark.parametrize("role", ["organiser", "focal point", "secretariat"])
def test_an_event_or_programme_may_leave_it_optional(role: str) -> None:
    assert needs_mfa(ROLES[role](required=False)) is False


def test_everyone_else_may_choose(django_assert_num_queries: Any) -> None:
    visitor = UserFactory.create()
    organiser = _organiser()
    with django_assert_num_queries(1):
        assert accounts_needing_mfa([visitor.pk, organiser.pk]) == {organiser.pk}


def test_the_rule_can_be_turned_off_for_test_servers(settings: Any) -> None:
    settings.PAVILION_MFA_ENFORCED = False
    assert needs_mfa(_organiser()) is False


# --- Pages ---------------------------------------------------------------------------------------


def test_organiser_without_a_second_factor_is_sent_to_add_one(client: Client) -> None:
    client.force_login(_organiser())
    response = client.get("/en/manage/")
    assert (response.status_code, response["Location"]) == (302, "/en/accounts/2fa/")
    page = client.get("/en/accounts/2fa/").content.decode()
    assert "must use two-factor authentication" in page
    # Signing out stays possible.
    assert client.get("/en/accounts/logout/").status_code == 200


def test_visitor_without_a_second_factor_opens_pages(client: Client) -> None:
    client.force_login(UserFactory.create())
    assert client.get("/en/accounts/profile/").status_code == 200


def test_organiser_who_has_a_second_factor_confirms_it_before_going_on(client: Client) -> None:
    organiser = _organiser()
    secret = add_totp(organiser)
    client.force_login(organiser)  # a session that did not use it
    response = client.get("/en/accounts/profile/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/en/accounts/2fa/reauthenticate/?next=%2Fen%2Faccounts%2Fprofile%2F",
    )
    # The password is not enough here: the back office and the organiser area stay closed.
    assert client.get("/en/accounts/reauthenticate/")["Location"].startswith("/en/accounts/2fa/reauthenticate/")
    confirmed = client.post(
        "/en/accounts/2fa/reauthenticate/", {"code": totp_code(secret), "next": "/en/accounts/profile/"}
    )
    assert confirmed["Location"] == "/en/accounts/profile/"
    assert client.get("/en/manage/").status_code == 200


def test_signing_in_with_the_app_opens_the_organiser_area(client: Client) -> None:
    organiser = _organiser()
    secret = add_totp(organiser)
    assert sign_in_with_code(client, organiser, totp_code(secret)) == "/en/accounts/profile/"
    assert client.get("/en/manage/").status_code == 200


def test_a_recovery_code_signs_in_once(client: Client) -> None:
    organiser = _organiser()
    add_totp(organiser)
    code = recovery_codes(organiser)[0]
    assert sign_in_with_code(client, organiser, code) == "/en/accounts/profile/"
    assert client.get("/en/manage/").status_code == 200
    client.logout()
    client.post("/en/accounts/login/", {"login": organiser.email, "password": TEST_PASSWORD})
    again = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


# allauth announces a new authenticator after the commit, as the view runs in production (autocommit).
@pytest.mark.django_db(transaction=True)
def test_adding_an_authenticator_app_counts_for_the_session(client: Client) -> None:
    organiser = _organiser()
    client.post("/en/accounts/login/", {"login": organiser.email, "password": TEST_PASSWORD})
    assert client.get("/en/manage/")["Location"] == "/en/accounts/2fa/"
    # allauth asks for the password again before a second factor is added.
    asked = client.get("/en/accounts/2fa/totp/activate/")
    assert asked["Location"] == "/en/accounts/reauthenticate/?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    client.post(asked["Location"], {"password": TEST_PASSWORD})
    form = client.get("/en/accounts/2fa/totp/activate/")
    assert form.status_code == 200
    secret = form.context["form"].secret
    added = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert added["Location"] == "/en/accounts/2fa/recovery-codes/"
    assert client.get("/en/accounts/2fa/recovery-codes/").status_code == 200
    assert client.get("/en/manage/").status_code == 200


def test_a_trusted_browser_signs_in_with_the_password_alone(client: Client) -> None:
    organiser = _organiser()
    secret = add_totp(organiser)
    sign_in_with_code(client, organiser, totp_code(secret), trust=True)
    trusted = client.cookies["mfa_trusted"].value
    client.logout()  # which forgets every cookie, as a new browser would; this one keeps the trust
    client.cookies["mfa_trusted"] = trusted
    response = client.post("/en/accounts/login/", {"login": organiser.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/en/accounts/profile/"
    assert client.get("/en/manage/").status_code == 200


# --- The back office -----------------------------------------------------------------------------


def test_back_office_signs_in_through_the_site_with_the_second_factor(client: Client) -> None:
    admin = _platform_admin()
    secret = add_totp(admin)
    login = client.get("/admin/login/?next=/admin/")
    assert login["Location"] == "/en/accounts/login/?next=%2Fadmin%2F"
    assert sign_in_with_code(client, admin, totp_code(secret), next_url="/admin/") == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_back_office_refuses_a_password_only_session(client: Client) -> None:
    admin = _platform_admin()
    client.post("/en/accounts/login/", {"login": admin.email, "password": TEST_PASSWORD})
    assert client.session["_auth_user_id"] == str(admin.pk)
    response = client.get("/admin/events/event/")
    assert (response.status_code, response["Location"]) == (302, "/en/accounts/2fa/")


# --- The API -------------------------------------------------------------------------------------


def test_api_refuses_an_organiser_session_without_the_second_factor(client: Client) -> None:
    client.force_login(_organiser())
    response = client.get("/api/v1/me/agenda/")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your role requires two-factor authentication. Sign in on the website with your second factor."
    }
    # Nor does it hand out a live token that would get round the rule.
    assert client.post("/api/v1/live/token").status_code == 403


def test_api_answers_the_same_organiser_after_signing_in_with_the_app(client: Client) -> None:
    organiser = _organiser()
    secret = add_totp(organiser)
    sign_in_with_code(client, organiser, totp_code(secret))
    assert client.get("/api/v1/me/agenda/").status_code == 200


def test_api_answers_visitors_without_a_second_factor(client: Client) -> None:
    client.force_login(UserFactory.create())
    assert client.get("/api/v1/me/agenda/").status_code == 200


# --- The live gateway ----------------------------------------------------------------------------


def test_live_treats_an_organiser_session_without_the_second_factor_as_nobody(client: Client) -> None:
    organiser = _organiser()
    visitor = UserFactory.create()
    client.force_login(organiser)
    organiser_key = client.session.session_key
    other = Client()
    other.force_login(visitor)
    identities = identify_many(
        [Credentials(session_key=organiser_key), Credentials(session_key=other.session.session_key)]
    )
    assert [identity.user for identity in identities] == [None, visitor]


def test_live_checks_the_rule_within_its_own_sign_in_queries(client: Client, django_assert_num_queries: Any) -> None:
    client.force_login(UserFactory.create())
    visitor_key = client.session.session_key
    organiser = Client()
    organiser.force_login(_organiser())
    keys = [Credentials(session_key=visitor_key), Credentials(session_key=organiser.session.session_key)]
    with django_assert_num_queries(2):  # the sessions, then the accounts (as without the rule)
        identities = identify_many(keys)
    assert [identity.user is None for identity in identities] == [False, True]


def test_live_knows_an_organiser_who_signed_in_with_the_app(client: Client) -> None:
    organiser = _organiser()
    secret = add_totp(organiser)
    sign_in_with_code(client, organiser, totp_code(secret))
    [identity] = identify_many([Credentials(session_key=client.session.session_key)])
    assert identity.user == organiser


@pytest.fixture
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


async def _answer_to_subscribing(browser: Client, topic: str) -> str:
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={browser.cookies[django_settings.SESSION_COOKIE_NAME].value}"
    live = LiveClient(headers=[(b"cookie", cookie.encode())])
    await live.connect()
    await live.send({"type": "subscribe", "topic": topic, "ref": "s"})
    while (frame := await live.frame())["type"] not in {"snapshot", "error"}:
        pass
    await live.close()
    return str(frame["type"])


@pytest.mark.django_db(transaction=True)
def test_a_live_socket_of_an_organiser_session_without_the_second_factor_reads_nothing_personal(
    broker: MemoryBroker,
) -> None:
    organiser = _organiser()
    without, with_app = Client(), Client()
    without.force_login(organiser)
    secret = add_totp(organiser)
    sign_in_with_code(with_app, organiser, totp_code(secret))
    topic = f"user:{organiser.pk}"
    assert asyncio.run(_answer_to_subscribing(without, topic)) == "error"
    assert asyncio.run(_answer_to_subscribing(with_app, topic)) == "snapshot"
