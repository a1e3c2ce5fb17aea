"""Organisations' logos are public, like the directory itself (core/media.py)."""

from __future__ import annotations

from typing import Any

from pavilion.core.media import Audience, media_rule


@media_rule("organisations/")
def organisation_logo_audience(name: str, user: Any) -> Audience:
    return Audience.EVERYONE
