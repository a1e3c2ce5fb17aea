from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.events.models import Session
from pavilion.live.broker import MemoryBroker
from tests.factories import RegistrationFactory, UserFactory
from tests.live.features import fresh_broker


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and its own in-memory broker."""
    yield from fresh_broker()


def delegate_of(session: Session, function: str = "delegate", country: str = "VN", **fields: Any) -> User:
    """An account with an approved registration for the session's event (accredited category)."""
    user = UserFactory.create(**{key: value for key, value in fields.items() if key in {"full_name", "honorific"}})
    registration = {key: value for key, value in fields.items() if key not in {"full_name", "honorific"}}
    RegistrationFactory.create(event=session.event, user=user, function=function, country=country, **registration)
    return user


NOON = datetime(2020, 10, 21, 5, 0, tzinfo=UTC)


class Clock:
    """timezone.now() at a time the test sets (Django's clock, not Pavilion's code)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = NOON
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)
