"""What every live command's schema shares: the base class and the id type.

A feature's ``live.py`` declares one schema per command (a pydantic model built on ``Command``) and
registers it with the command (``live/registry.py``); the gateway validates each payload against it
before the handler runs, so a malformed command gets an error frame and changes nothing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: An object's id in a command: a positive whole number, never a string or a float.
Id = Annotated[int, Field(gt=0, strict=True)]


class Command(BaseModel):
    """A command's payload: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")
