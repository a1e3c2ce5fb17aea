from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pavilion.events.models import Session
from pavilion.live.broker import MemoryBroker
from pavilion.polls import services
from pavilion.polls.models import Poll
from tests.live.features import fresh_broker


@pytest.fixture(autouse=True)
def broker() -> Iterator[MemoryBroker]:
    """Each test gets a fresh hub and its own in-memory broker."""
    yield from fresh_broker()


def open_poll(
    session: Session,
    by: Any,
    question: str = "Which band should be freed first?",
    kind: str = "single",
    options: tuple[str, ...] = ("700 MHz", "3.5 GHz", "26 GHz"),
    show_results: str = "live",
) -> Poll:
    """A poll created and opened by ``by`` (a moderator); its counts shown as votes come in unless told."""
    poll = services.create_poll(
        session=session, by=by, question=question, kind=kind, options=list(options), show_results=show_results
    )
    return services.open_poll(poll=poll, by=by)


def option_ids(poll: Poll) -> list[int]:
    return list(poll.options.order_by("position").values_list("pk", flat=True))
