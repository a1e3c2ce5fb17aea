"""``pavilion serve``: run the ASGI application (pages, API and the /live gateway) under uvicorn."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from uvicorn.config import LOGGING_CONFIG

#: Seconds a worker may take to answer uvicorn's supervisor before it is restarted.
WORKER_HEALTHCHECK_TIMEOUT = 30


class Command(BaseCommand):
    help = "Serve Pavilion (HTTP and the /live WebSocket gateway) with uvicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument(
            "--port", type=int, default=settings.PAVILION_PORT, help="Port (default PAVILION_PORT or 8000)."
        )
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (default 1).")

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if workers > 1 and not settings.PAVILION_REDIS_URL:
            raise CommandError(
                f"--workers {workers} needs PAVILION_REDIS_URL: live events, caches and rate limits must be "
                "shared between worker processes, and only the Redis broker can do that. Set "
                "PAVILION_REDIS_URL=redis://127.0.0.1:6379/0 or run one worker."
            )
        self.stdout.write(f"Pavilion on http://{host}:{port}/ ({workers} worker{'s' if workers > 1 else ''})")
        uvicorn.run(
            "pavilion.asgi:application",
            host=host,
            port=port,
            workers=workers,
            lifespan="on",
            # uvicorn's own WebSocket protocol, letting the live gateway write ready-made frames (live/server.py).
            ws="pavilion.live.server:LiveWebSocketProtocol",
            # uvicorn's httptools protocol, letting go of each upgraded socket (live/server.py).
            http="pavilion.live.server:LiveHttpProtocol",
            ws_per_message_deflate=False,  # compression costs memory per socket (docs/budgets.md)
            # Larger than the protocol's own 64 KiB limit, so an oversized frame gets an error frame
            # from the gateway instead of a dropped connection.
            ws_max_size=1024 * 1024,
            ws_ping_interval=20,  # heartbeats: a peer that stops answering is closed
            ws_ping_timeout=20,
            # uvicorn restarts a worker that does not answer its supervisor's ping within this many
            # seconds (5 by default). A worker holds thousands of live sockets: on a machine starved
            # of CPU (bench/soak.py with the machine's load at 22) the default killed a busy but
            # healthy worker and dropped all of them. Only a worker hung this long is restarted.
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_TIMEOUT,
            proxy_headers=True,
            log_level="info" if settings.DEBUG else "warning",
            log_config=logging_config(),  # live tickets never reach a log line
        )


class HideTokens(logging.Filter):
    """Keep tokens out of uvicorn's log lines: ``/live?token=…`` is written ``token=[hidden]``.

    A live ticket is single-use and short-lived, but a log outlives it and may travel further.
    """

    PATTERN = re.compile(r"(token=)[^&\s\"]+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.PATTERN.sub(r"\1[hidden]", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self.PATTERN.sub(r"\1[hidden]", record.msg)
        return True


def logging_config() -> dict[str, Any]:
    """uvicorn's logging, with tokens hidden from every line it writes."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["tokens"] = {"()": HideTokens}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("tokens")
    return config
