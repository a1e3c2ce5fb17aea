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

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.captions import services
from pavilion.captions.models import MAX_CAPTION_LENGTH, Captioner
from pavilion.events.live import session_of as _session
from pavilion.events.roles import moderating_account_ids
from pavilion.live.registry import registry
from pavilion.live.schemas import Command


class PushCaption(Command):
    language: str = Field(min_length=2, max_length=10, strict=True)
    text: str = Field(max_length=MAX_CAPTION_LENGTH, strict=True)


@registry.snapshot_part("session", "captions")
def captions_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """What ``services.state`` gives each viewer: the lines read once, everyone's assignments in one query."""
    session = _session(key)
    languages = services.caption_languages(session=session)
    lines = {
        code: [services.line_data(line) for line in kept]
        for code, kept in services.recent_lines(session=session, languages=languages).items()
    }
    moderators = moderating_account_ids(session=session)
    ids = [viewer.pk for viewer in viewers if viewer is not None and viewer.pk not in moderators]
    # services.captioning_languages for many: an assignment without languages allows every one.
    allowed: dict[int, set[str] | None] = defaultdict(set)
    if ids:
        assignments = Captioner.objects.filter(event_id=session.event_id, user_id__in=ids).filter(
            Q(session__isnull=True) | Q(session=session)
        )
        for user_id, chosen in assignments.values_list("user_id", "languages"):
            current = allowed[user_id]
            if not chosen or current is None:
                allowed[user_id] = None
            else:
                current.update(chosen)
    parts = []
    for viewer in viewers:
        if viewer is None:
            mine: list[str] = []
        elif viewer.pk in moderators:
            mine = languages
        else:
            chosen_languages = allowed.get(viewer.pk, set())
            mine = [code for code in languages if chosen_languages is None or code in chosen_languages]
        parts.append({"languages": languages, "lines": lines, "may_caption": bool(mine), "captioning_languages": mine})
    return parts


@registry.command("captions.push", topic_kinds={"session"}, schema=PushCaption)
def push(*, user: User, key: int, data: PushCaption) -> dict[str, int]:
    line = services.push_caption(session=_session(key), by=user, language=data.language, text=data.text)
    return {"id": line.pk, "seq": line.sequence}
