"""PostgreSQL connections are pooled and bounded, and a database that cannot answer gives 503, not 500."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from pavilion.asgi import RequestLine
from tests.conftest import run_pavilion
from tests.servers import running_server

SHOW_DATABASE = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default']))"
POSTGRES = "postgres://pavilion@127.0.0.1:5432/pavilion"


def _database_settings(tmp_path: Path, **extra: str) -> dict[str, Any]:
    result = run_pavilion(
        ["shell", "--no-imports", "-c", SHOW_DATABASE],
        tmp_path,
        PAVILION_DEBUG="1",
        PAVILION_DATABASE_URL=POSTGRES,
        **extra,
    )
    assert result.returncode == 0, result.stderr
    settings: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return settings


def test_postgresql_connections_come_from_a_bounded_pool(tmp_path: Path) -> None:
    database = _database_settings(tmp_path)
    assert database["CONN_MAX_AGE"] == 0  # persistent connections under ASGI mean one per thread
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 16, "timeout": 10, "max_idle": 60}


def test_pool_size_and_timeout_are_settings(tmp_path: Path) -> None:
    database = _database_settings(tmp_path, PAVILION_DB_POOL_SIZE="6", PAVILION_DB_POOL_TIMEOUT="3")
    assert database["OPTIONS"]["pool"]["max_size"] == 6
    assert database["OPTIONS"]["pool"]["timeout"] == 3


def test_pool_size_zero_turns_the_pool_off(tmp_path: Path) -> None:
    database = _database_settings(tmp_path, PAVILION_DB_POOL_SIZE="0")
    assert database["CONN_MAX_AGE"] == 0
    assert "pool" not in database.get("OPTIONS", {})


def test_a_negative_pool_size_is_refused_with_its_name(tmp_path: Path) -> None:
    result = run_pavilion(["check"], tmp_path, PAVILION_DEBUG="1", PAVILION_DB_POOL_SIZE="-1")
    assert result.returncode != 0
    assert "PAVILION_DB_POOL_SIZE must be at least 0; got -1." in result.stderr


def test_pages_answer_503_with_retry_after_when_postgresql_cannot_be_reached(tmp_path: Path) -> None:
    # A PostgreSQL address where nothing listens: every connection is refused.
    nowhere = {"PAVILION_DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere", "PAVILION_DB_POOL_TIMEOUT": "1"}
    with running_server(tmp_path, workers=1, migrate=False, **nowhere) as base:
        for path in ("/en/", "/api/v1/events/"):
            answer = httpx.get(f"{base}{path}", timeout=20)
            assert answer.status_code == 503, (path, answer.text[:300])
            assert answer.headers["retry-after"] == "5"
        assert "Pavilion is busy for a moment" in httpx.get(f"{base}/en/", timeout=20).text


def test_production_answers_503_from_its_error_handler_too() -> None:
    """handler500 (errors outside views, production) gives the same 503 for a database error."""
    from django.db import OperationalError
    from django.test import RequestFactory

    from pavilion.core.errors import server_error

    request = RequestFactory().get("/en/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        answer = server_error(request)
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    try:
        raise KeyError("not the database")
    except KeyError:
        assert server_error(request).status_code == 500


def test_requests_beyond_the_line_wait_their_turn_then_get_503() -> None:
    """At most ``size`` requests inside the application at once; a request whose turn does not
    come within ``patience`` seconds is answered 503 with Retry-After, the others all succeed."""
    inside = 0
    most_inside = 0
    release = asyncio.Event()

    async def slow_application(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal inside, most_inside
        inside += 1
        most_inside = max(most_inside, inside)
        await release.wait()
        inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def request(line: RequestLine) -> int:
        statuses: list[int] = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await line({"type": "http", "method": "GET", "path": "/"}, None, send)  # type: ignore[arg-type]
        return statuses[0]

    async def scenario() -> tuple[list[int], list[int]]:
        line = RequestLine(2, patience=0.3, application=slow_application)
        waiting = [asyncio.create_task(request(line)) for _ in range(5)]
        await asyncio.sleep(0.6)  # three of them have waited longer than their patience
        release.set()
        first = await asyncio.gather(*waiting)
        later = await asyncio.gather(*(request(line) for _ in range(4)))
        return list(first), list(later)

    first, later = asyncio.run(scenario())
    assert sorted(first) == [200, 200, 503, 503, 503]
    assert later == [200, 200, 200, 200]
    assert most_inside == 2
