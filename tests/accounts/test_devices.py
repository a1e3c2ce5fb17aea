"""Signed-in devices: each session with its browser, address and last use; signing others out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from pavilion.accounts.devices import device_label, devices_signed_out
from pavilion.accounts.models import User
from pavilion.live.broker import MemoryBroker
from tests.factories import TEST_PASSWORD, LiveSessionFactory, UserFactory
from tests.live.client import LiveClient
from tests.live.features import fresh_broker

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
    "Safari/537.36 Edg/126.0.2592.87"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
    "Mobile Safari/537.36"
)


def _signed_in(user: User, user_agent: str, address: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/en/accounts/profile/"
    return client


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (SAFARI_IPHONE, "Safari on iOS"),
        (EDGE_WINDOWS, "Edge on Windows"),
        (CHROME_ANDROID, "Chrome on Android"),
        ("curl/8.5.0", "Unknown browser"),
    ],
)
def test_device_label_names_browser_and_system(user_agent: str, label: str) -> None:
    assert device_label(user_agent) == label


def test_devices_page_lists_each_session_with_its_address_and_this_device_marked() -> None:
    user = UserFactory.create()
    laptop = _signed_in(user, FIREFOX_WINDOWS, "198.51.100.7")
    _signed_in(user, SAFARI_IPHONE, "203.0.113.9")
    _signed_in(UserFactory.create(), CHROME_ANDROID, "192.0.2.1")  # someone else's
    page = laptop.get("/en/accounts/devices/").content.decode()
    assert "Firefox on Windows</span> <strong>(this device)</strong>" in page
    assert "Safari on iOS</span>\n" in page or "Safari on iOS</span></th>" in page
    assert "198.51.100.7" in page
    assert "203.0.113.9" in page
    assert "Chrome on Android" not in page
    assert "192.0.2.1" not in page
    assert "Sign out everywhere else" in page


def test_sign_out_everywhere_else_ends_the_other_sessions_only(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory.create()
    laptop = _signed_in(user, FIREFOX_WINDOWS, "198.51.100.7")
    phone = _signed_in(user, SAFARI_IPHONE, "203.0.113.9")
    stranger = _signed_in(UserFactory.create(), CHROME_ANDROID, "192.0.2.1")
    phone_key = phone.session.session_key
    announced: list[list[str]] = []

    def receiver(sender: Any, session_keys: list[str], **kwargs: Any) -> None:
        announced.append(session_keys)

    devices_signed_out.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = laptop.post("/en/accounts/devices/")
    finally:
        devices_signed_out.disconnect(receiver)
    assert response["Location"] == "/en/accounts/devices/"
    assert announced == [[phone_key]]
    assert laptop.get("/en/accounts/profile/").status_code == 200
    assert phone.get("/en/accounts/profile/")["Location"].startswith("/en/accounts/login/")
    assert stranger.get("/en/accounts/profile/").status_code == 200
    page = laptop.get("/en/accounts/devices/").content.decode()
    assert "Your account is signed in on this device only." in page


def test_one_device_is_signed_out_but_never_another_accounts() -> None:
    user = UserFactory.create()
    laptop = _signed_in(user, FIREFOX_WINDOWS, "198.51.100.7")
    phone = _signed_in(user, SAFARI_IPHONE, "203.0.113.9")
    stranger = _signed_in(UserFactory.create(), CHROME_ANDROID, "192.0.2.1")
    strangers_device = UserSession.objects.get(session_key=stranger.session.session_key)
    laptop.post("/en/accounts/devices/", {"device": str(strangers_device.pk)})
    assert stranger.get("/en/accounts/profile/").status_code == 200
    phones_device = UserSession.objects.get(session_key=phone.session.session_key)
    laptop.post("/en/accounts/devices/", {"device": str(phones_device.pk)})
    assert phone.get("/en/accounts/profile/")["Location"].startswith("/en/accounts/login/")
    assert laptop.get("/en/accounts/profile/").status_code == 200


def test_last_use_is_written_at_most_once_a_minute_per_device() -> None:
    user = UserFactory.create()
    laptop = _signed_in(user, FIREFOX_WINDOWS, "198.51.100.7")
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    UserSession.objects.filter(user=user).update(last_seen_at=long_ago)
    laptop.get("/en/accounts/profile/")
    assert UserSession.objects.get(user=user).last_seen_at == long_ago  # written at sign-in, this minute
    cache.clear()  # a minute later
    laptop.get("/en/accounts/profile/")
    assert UserSession.objects.get(user=user).last_seen_at > long_ago


def test_devices_page_needs_a_signed_in_account(client: Client) -> None:
    assert client.get("/en/accounts/devices/")["Location"].startswith("/en/accounts/login/")


@pytest.fixture
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()


def _socket_of(browser: Client) -> LiveClient:
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    return LiveClient(headers=[(b"cookie", cookie.encode())])


@pytest.mark.django_db(transaction=True)
def test_signing_out_everywhere_else_closes_the_other_devices_live_sockets(broker: MemoryBroker) -> None:
    user, session = UserFactory.create(), LiveSessionFactory.create()
    laptop = _signed_in(user, FIREFOX_WINDOWS, "198.51.100.7")
    phone = _signed_in(user, SAFARI_IPHONE, "203.0.113.9")
    on_laptop, on_phone = _socket_of(laptop), _socket_of(phone)

    async def frame_of_type(live: LiveClient, *types: str) -> dict[str, Any]:
        while True:
            frame = await live.frame()
            if frame["type"] in types:
                return frame

    async def scenario() -> None:
        for live in (on_laptop, on_phone):
            await live.connect()
            await live.send({"type": "subscribe", "topic": f"session:{session.pk}", "ref": "s"})
            assert (await frame_of_type(live, "snapshot", "error"))["type"] == "snapshot"
        response = await asyncio.to_thread(laptop.post, "/en/accounts/devices/")
        assert response.status_code == 302
        while (message := await on_phone.message())["type"] != "websocket.close":
            pass
        assert message["code"] == 4403
        await on_laptop.send({"type": "ping", "ref": "p"})
        assert await frame_of_type(on_laptop, "pong") == {"type": "pong", "ref": "p"}
        await on_laptop.close()

    asyncio.run(scenario())
