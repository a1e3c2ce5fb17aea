from __future__ import annotations

from collections.abc import Iterator

import pytest

from pavilion.live.broker import MemoryBroker
from tests.live.features import fresh_broker


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    yield from fresh_broker()
