from __future__ import annotations

from collections.abc import Iterator

import pytest

from pavilion.live.broker import MemoryBroker
from tests.live.features import fresh_broker


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and its own in-memory broker."""
    yield from fresh_broker()
