"""A small live feature used by the gateway tests: a room where people say things.

It is registered the way every app registers its own (``<app>/live.py``), so the tests go through
the real registry, gateway and broker.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from pydantic import BaseModel, Field

from pavilion.accounts.models import User
from pavilion.live.broker import get_broker
from pavilion.live.registry import registry

CLOSED_ROOM = 13
said: dict[int, list[str]] = {}


class Say(BaseModel):
    text: str = Field(min_length=1, max_length=50)


def may_enter(user: User | None, key: int) -> bool:
    return key != CLOSED_ROOM or user is not None


registry.topic_kind("testroom", authorize=may_enter)


@registry.snapshot_part("testroom", "said")
def snapshot(viewers: Sequence[User | None], key: int) -> list[list[str]]:
    return [list(said.get(key, [])) for _viewer in viewers]


@registry.command("testroom.say", topic_kinds={"testroom"}, schema=Say)
def say(*, user: User, key: int, data: Say) -> dict[str, int]:
    if data.text == "forbidden":
        raise PermissionDenied("Not in this room.")
    said.setdefault(key, []).append(data.text)
    seq = get_broker().publish(f"testroom:{key}", {"said": data.text})
    return {"seq": seq}


@registry.command("testroom.shout", topic_kinds={"testroom"}, schema=Say, needs_account=False)
def shout(*, user: User | None, key: int, data: Say) -> None:
    get_broker().publish(f"testroom:{key}", {"said": data.text.upper()})


# A hall whose viewers are counted (presence) and where anyone may cheer (a tally, never stored).
registry.topic_kind("testhall", authorize=may_enter, presence=True)


@registry.snapshot_part("testhall", "hall")
def hall_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, int]]:
    return [{"id": key} for _viewer in viewers]


class Cheer(BaseModel):
    cheer: str = Field(min_length=1, max_length=20)


@registry.command("testhall.cheer", topic_kinds={"testhall"}, schema=Cheer, needs_account=False, tally="cheers")
def cheer(*, user: User | None, key: int, data: Cheer) -> str:
    return data.cheer
