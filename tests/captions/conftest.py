from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from pavilion.captions.models import Captioner
from pavilion.events.models import Session
from pavilion.live.broker import MemoryBroker
from tests.factories import UserFactory
from tests.live.features import fresh_broker


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and its own in-memory broker."""
    yield from fresh_broker()


def captioner_of(session: Session, languages: Sequence[str] = (), *, whole_event: bool = False) -> Any:
    """An account an organiser assigned to caption the session (or every session of its event)."""
    user = UserFactory.create()
    Captioner.objects.create(
        event=session.event, session=None if whole_event else session, user=user, languages=list(languages)
    )
    return user
