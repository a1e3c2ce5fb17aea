"""Captions on the ``session:<id>`` topic: the ``captions`` snapshot part and the ``captions.push`` command.

The gateway has already checked that the user may follow the session; the service checks again
(and checks who captions in which language), so the live door enforces exactly what the page's
form does.

Snapshot ``data.captions``::

    {"languages": ["en", "vi"],                        # the session's caption languages
     "lines": {"en": [{"id", "language", "seq", "text", "at"}, ...], "vi": [...]},  # last 20 each, oldest first
     "may_caption": bool,
     "captioning_languages": ["en"]}                   # the viewer's, [] for attendees

Event ``{"captions": {"line": {...}}}``: a new line; clients add it to its language by ``id``
(ordered by ``seq``) and keep the last 20.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.captions import services
from pavilion.captions.models import MAX_CAPTION_LENGTH
from pavilion.events.live import session_of as _session
from pavilion.live.registry import registry
from pavilion.live.schemas import Command


class PushCaption(Command):
    language: str = Field(min_length=2, max_length=10, strict=True)
    text: str = Field(max_length=MAX_CAPTION_LENGTH, strict=True)


@registry.snapshot_part("session", "captions")
def captions_snapshot(user: User | None, key: int) -> dict[str, Any]:
    return services.state(session=_session(key), user=user)


@registry.command("captions.push", topic_kinds={"session"}, schema=PushCaption)
def push(*, user: User, key: int, data: PushCaption) -> dict[str, int]:
    line = services.push_caption(session=_session(key), by=user, language=data.language, text=data.text)
    return {"id": line.pk, "seq": line.sequence}
