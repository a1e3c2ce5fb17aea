"""The frames of the live protocol (docs/live-protocol.md).

Every frame is a JSON object with a ``type``. The server answers bad input with an error frame
and keeps the connection open; it never trusts a frame's shape before checking it here.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 64 * 1024
#: Arrays and objects nested deeper than this are refused before parsing (command data needs a few levels).
MAX_NESTING = 32

#: Close codes (4000-4999 are the application's own).
CLOSE_SLOW_CONSUMER = 4008  # the client did not read its messages fast enough
CLOSE_NOT_FOUND = 4404  # no live endpoint at this path
CLOSE_BAD_TOKEN = 4401  # the ticket in the address is invalid, used or expired
CLOSE_SIGNED_OUT = 4403  # the sign-in ended (logout, password change, account deleted), or a foreign page
CLOSE_OVERLOADED = 4429  # too many joins at once: the reason says "retry-after=<seconds>"


class ProtocolError(Exception):
    """A frame the server cannot accept; becomes an error frame, not a dropped connection."""

    def __init__(self, code: str, message: str, *, fields: dict[str, str] | None = None, ref: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.ref = ref


Ref = Annotated[str | int | None, Field(default=None)]


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: Ref = None


class Hello(_Frame):
    type: Literal["hello"]


class Ping(_Frame):
    type: Literal["ping"]


class Subscribe(_Frame):
    type: Literal["subscribe"]
    topic: str
    since: int | None = Field(default=None, ge=0, description="Last sequence number the client has.")


class Unsubscribe(_Frame):
    type: Literal["unsubscribe"]
    topic: str


class CommandFrame(_Frame):
    type: Literal["command"]
    topic: str
    name: str = Field(max_length=60)
    data: dict[str, Any] = Field(default_factory=dict)


ClientFrame = Hello | Ping | Subscribe | Unsubscribe | CommandFrame
_FRAMES: dict[str, type[_Frame]] = {
    "hello": Hello,
    "ping": Ping,
    "subscribe": Subscribe,
    "unsubscribe": Unsubscribe,
    "command": CommandFrame,
}


def _nesting(text: str) -> int:
    """How deep arrays and objects nest in JSON ``text``, brackets inside strings aside (before parsing,
    so a frame of 60,000 ``[`` costs a scan, not the parser's recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _has_lone_surrogate(value: Any) -> bool:
    """Whether a decoded frame holds a string that cannot be written back as UTF-8 (``"\\ud800"``)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(key) or _has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def field_errors(error: ValidationError) -> dict[str, str]:
    """Pydantic's errors as {dotted field: message}."""
    return {".".join(str(part) for part in item["loc"]) or "__all__": item["msg"] for item in error.errors()}


def parse_frame(text: str) -> ClientFrame:
    """Decode and validate one client frame, or raise ProtocolError saying what is wrong with it."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ProtocolError("malformed", "A frame must be valid UTF-8 text.") from None
    if size > MAX_FRAME_BYTES:
        raise ProtocolError("too_large", f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
    if text.count("[") + text.count("{") > MAX_NESTING and _nesting(text) > MAX_NESTING:
        raise ProtocolError("malformed", f"A frame may nest arrays and objects {MAX_NESTING} deep at most.")
    try:
        raw = json.loads(text)
    except ValueError:
        raise ProtocolError("malformed", "A frame must be a JSON object.") from None
    if "\\u" in text and _has_lone_surrogate(raw):
        raise ProtocolError("malformed", "A frame's text must not contain lone surrogates (\\ud800-\\udfff).")
    if not isinstance(raw, dict):
        raise ProtocolError("malformed", "A frame must be a JSON object.")
    kind = raw.get("type")
    if not isinstance(kind, str) or not kind:
        raise ProtocolError("malformed", "A frame needs a string field 'type'.")
    ref = raw.get("ref") if isinstance(raw.get("ref"), str | int) else None
    model = _FRAMES.get(kind)
    if model is None:
        raise ProtocolError("unknown_type", f"Unknown frame type {kind!r}.", ref=ref)
    try:
        return model.model_validate(raw)  # type: ignore[return-value]
    except ValidationError as error:
        fields = field_errors(error)
        raise ProtocolError("invalid", "The frame's fields are not valid.", fields=fields, ref=ref) from None


def encode(frame: dict[str, Any]) -> str:
    """Encode a server frame compactly; done once per message, whatever the number of readers."""
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def error_frame(error: ProtocolError, *, ref: Any = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "error", "code": error.code, "message": error.message}
    if error.fields:
        frame["fields"] = error.fields
    ref = ref if ref is not None else error.ref
    if ref is not None:
        frame["ref"] = ref
    return frame


def hello_frame() -> dict[str, Any]:
    return {"type": "hello", "protocol": PROTOCOL_VERSION, "server": "pavilion"}
