"""The frames of the live protocol (docs/live-protocol.md).

Every frame is a JSON object with a ``type``. The server answers bad input with an error frame
and keeps the connection open; it never trusts a frame's shape before checking it here.
"""

from __future__ import annotations

import json
from typing import Any

PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 64 * 1024


class ProtocolError(Exception):
    """A frame the server cannot accept; becomes an error frame, not a dropped connection."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_frame(text: str) -> dict[str, Any]:
    """Decode one client frame, or raise ProtocolError saying what is wrong with it."""
    if len(text.encode("utf-8")) > MAX_FRAME_BYTES:
        raise ProtocolError("too_large", f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
    try:
        frame = json.loads(text)
    except ValueError:
        raise ProtocolError("malformed", "A frame must be a JSON object.") from None
    if not isinstance(frame, dict):
        raise ProtocolError("malformed", "A frame must be a JSON object.")
    kind = frame.get("type")
    if not isinstance(kind, str) or not kind:
        raise ProtocolError("malformed", "A frame needs a string field 'type'.")
    return frame


def encode(frame: dict[str, Any]) -> str:
    """Encode a server frame compactly; done once per message, whatever the number of readers."""
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def error_frame(error: ProtocolError, *, ref: Any = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "error", "code": error.code, "message": error.message}
    if ref is not None:
        frame["ref"] = ref
    return frame


def hello_frame() -> dict[str, Any]:
    return {"type": "hello", "protocol": PROTOCOL_VERSION, "server": "pavilion"}
