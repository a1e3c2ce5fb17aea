"""Live access follows the account: sockets end with their sign-in, subscriptions with access.

Issue 18's probe found a socket that went on posting as its account after a password change, and
an anonymous socket that kept receiving a session's chat after the session was made
accredited-only. Here the same happens through the real views and models, and the sockets are
told at once (live/revocation.py): 4403 when a sign-in ends, a ``revoked`` frame when access does.
tests/live/test_revocation_sockets.py plays the same over real sockets between processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from pavilion.accounts.models import User
from pavilion.accreditation.models import Status
from pavilion.chat import services as chat
from pavilion.events.models import AccessLevel
from pavilion.live.broker import MemoryBroker
from tests.factories import TEST_PASSWORD, LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import fresh_broker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


def signed_in(user: User) -> tuple[Client, LiveClient]:
    """A browser signed in as ``user`` and a socket that sends its session cookie."""
    browser = Client()
    browser.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    return browser, LiveClient(headers=[(b"cookie", cookie.encode())])


async def next_frame(live: LiveClient) -> dict[str, Any]:
    """The next frame that is not presence (which comes and goes with every join)."""
    while True:
        frame = await live.frame()
        if frame["type"] not in {"presence", "tally"}:
            return frame


async def subscribed(live: LiveClient, topic: str) -> None:
    await live.connect()
    await live.send({"type": "subscribe", "topic": topic, "ref": "s"})
    assert (await next_frame(live))["type"] == "snapshot"


async def close_of(live: LiveClient) -> tuple[int, str]:
    while True:
        message = await live.message()
        if message["type"] == "websocket.close":
            return message["code"], message.get("reason", "")


async def still_open(live: LiveClient) -> bool:
    await live.send({"type": "ping", "ref": "p"})
    return (await next_frame(live)) == {"type": "pong", "ref": "p"}


def test_logout_closes_the_sockets_of_that_sign_in_only() -> None:
    user, session = UserFactory.create(), LiveSessionFactory.create()
    laptop, on_laptop = signed_in(user)
    _phone, on_phone = signed_in(user)

    async def scenario() -> None:
        await subscribed(on_laptop, f"session:{session.pk}")
        await subscribed(on_phone, f"session:{session.pk}")
        response = await asyncio.to_thread(laptop.post, "/en/accounts/logout/")
        assert response.status_code == 302
        assert await close_of(on_laptop) == (4403, "")
        assert await still_open(on_phone)
        await on_phone.close()

    asyncio.run(scenario())


def test_a_password_change_closes_every_socket_of_the_account_and_a_new_sign_in_works() -> None:
    user, session = UserFactory.create(), LiveSessionFactory.create()
    victim, on_victim = signed_in(user)
    _attacker, on_attacker = signed_in(user)
    topic = f"session:{session.pk}"

    async def scenario() -> None:
        await subscribed(on_victim, topic)
        await subscribed(on_attacker, topic)
        change = {
            "oldpassword": TEST_PASSWORD,
            "password1": "a-new-long-password-2",
            "password2": "a-new-long-password-2",
        }
        response = await asyncio.to_thread(victim.post, "/en/accounts/password/change/", change)
        assert response.status_code == 302
        assert await close_of(on_attacker) == (4403, "")
        # The victim's own session went on under a new key; a socket with it is signed in again.
        assert await close_of(on_victim) == (4403, "")
        renewed = f"{settings.SESSION_COOKIE_NAME}={victim.cookies[settings.SESSION_COOKIE_NAME].value}"
        again = LiveClient(headers=[(b"cookie", renewed.encode())])
        await subscribed(again, f"user:{user.pk}")
        await again.close()

    asyncio.run(scenario())


def test_a_socket_whose_session_ended_without_notice_cannot_write_or_subscribe() -> None:
    """The session row expired or was deleted behind the gateway's back: the next command closes it."""
    user, session = UserFactory.create(), LiveSessionFactory.create()
    browser, live = signed_in(user)
    other_browser, other = signed_in(user)
    topic = f"session:{session.pk}"

    async def scenario() -> None:
        await subscribed(live, topic)
        await asyncio.to_thread(browser.session.delete)  # no signal, no announcement
        await live.send({"type": "command", "topic": topic, "name": "chat.send", "data": {"text": "still me?"}})
        assert await close_of(live) == (4403, "")

        await other.connect()
        await asyncio.to_thread(other_browser.session.delete)
        await other.send({"type": "subscribe", "topic": f"user:{user.pk}", "ref": "s"})
        assert await close_of(other) == (4403, "")

    asyncio.run(scenario())
    assert not chat.recent_messages(session=session)


def test_deleting_or_deactivating_the_account_closes_its_sockets() -> None:
    leaving, disabled, session = UserFactory.create(), UserFactory.create(), LiveSessionFactory.create()
    _one, on_leaving = signed_in(leaving)
    _two, on_disabled = signed_in(disabled)

    async def scenario() -> None:
        await subscribed(on_leaving, f"session:{session.pk}")
        await subscribed(on_disabled, f"session:{session.pk}")
        await asyncio.to_thread(leaving.delete)
        assert await close_of(on_leaving) == (4403, "")
        disabled.is_active = False
        await asyncio.to_thread(disabled.save, update_fields=["is_active"])
        assert await close_of(on_disabled) == (4403, "")

    asyncio.run(scenario())


def test_a_session_made_closed_revokes_the_subscribers_it_no_longer_admits() -> None:
    session = LiveSessionFactory.create(access_level=AccessLevel.PUBLIC)
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    topic = f"session:{session.pk}"
    anonymous = LiveClient()
    _browser, on_organiser = signed_in(organiser)

    async def scenario() -> None:
        await subscribed(anonymous, topic)
        await subscribed(on_organiser, topic)
        session.access_level = AccessLevel.ACCREDITED
        await asyncio.to_thread(session.save)
        assert await next_frame(anonymous) == {"type": "revoked", "topic": topic, "reason": "access"}
        # The chat goes on for those still admitted, and no longer reaches the revoked socket.
        await asyncio.to_thread(chat.post_message, session=session, by=organiser, text="Closed session now")
        event = await next_frame(on_organiser)
        assert event["event"]["chat"]["added"]["text"] == "Closed session now"
        assert await still_open(anonymous)  # the socket stays; only that subscription ended
        await anonymous.close()
        await on_organiser.close()

    asyncio.run(scenario())


def test_a_category_that_stops_needing_approval_revokes_its_registered_only_session() -> None:
    """Finding 18: once a category approves everyone at once, its registrations open nothing (by default)."""
    session = LiveSessionFactory.create(access_level=AccessLevel.REGISTERED)
    registration = RegistrationFactory.create(event=session.event, status=Status.APPROVED)
    topic = f"session:{session.pk}"
    _browser, live = signed_in(registration.user)

    async def scenario() -> None:
        await subscribed(live, topic)
        category = registration.category
        category.requires_approval = False
        await asyncio.to_thread(category.save)
        assert await next_frame(live) == {"type": "revoked", "topic": topic, "reason": "access"}
        await live.send({"type": "subscribe", "topic": topic, "ref": "again"})
        assert (await next_frame(live))["code"] == "not_found"
        await live.close()

    asyncio.run(scenario())


def test_a_rejected_registration_revokes_the_registered_only_session() -> None:
    session = LiveSessionFactory.create(access_level=AccessLevel.REGISTERED)
    visitor = UserFactory.create()
    registration = RegistrationFactory.create(event=session.event, user=visitor, status=Status.APPROVED)
    topic = f"session:{session.pk}"
    _browser, live = signed_in(visitor)

    async def scenario() -> None:
        await subscribed(live, topic)
        registration.status = Status.REJECTED
        await asyncio.to_thread(registration.save)
        assert await next_frame(live) == {"type": "revoked", "topic": topic, "reason": "access"}
        # Subscribing again is refused like any closed topic.
        await live.send({"type": "subscribe", "topic": topic, "ref": "again"})
        assert (await next_frame(live))["code"] == "not_found"
        await live.close()

    asyncio.run(scenario())
