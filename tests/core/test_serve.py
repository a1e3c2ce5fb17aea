"""`pavilion serve`: the real uvicorn server, over real sockets."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import time
from pathlib import Path

import httpx
import pytest
import redis
import websockets
from django.core.management import CommandError, call_command
from django.test import override_settings

from bench.processes import open_connections, private_redis, worker_pids
from pavilion.core.management.commands.serve import HideTokens, logging_config
from tests.conftest import require_service, run_pavilion
from tests.servers import free_port, running_server, serving

pytestmark = pytest.mark.own_database


async def _hello(base: str) -> dict[str, object]:
    async with websockets.connect(base.replace("http://", "ws://") + "/live") as socket_:
        await socket_.send(json.dumps({"type": "hello"}))
        reply: dict[str, object] = json.loads(await asyncio.wait_for(socket_.recv(), timeout=5))
        return reply


@override_settings(PAVILION_REDIS_URL="")
def test_serve_refuses_several_workers_without_redis() -> None:
    with pytest.raises(CommandError, match="--workers 2 needs PAVILION_REDIS_URL"):
        call_command("serve", "--workers", "2")


def test_serve_command_exits_with_clear_error_without_redis(tmp_path: Path) -> None:
    result = run_pavilion(["serve", "--workers", "2"], tmp_path, PAVILION_DEBUG="1")
    assert result.returncode == 1
    assert "--workers 2 needs PAVILION_REDIS_URL" in result.stderr


def test_one_worker_serves_pages_static_files_and_live_hello(tmp_path: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        assert httpx.get(f"{base}/", headers={"Accept-Language": "fr"}).headers["location"] == "/fr/"
        page = httpx.get(f"{base}/fr/")
        assert page.status_code == 200
        assert '<html lang="fr" dir="ltr"' in page.text
        favicon = httpx.get(f"{base}/static/pavilion/favicon.svg")
        assert favicon.status_code == 200
        assert favicon.headers["content-type"].startswith("image/svg+xml")
        assert asyncio.run(_hello(base)) == {"type": "hello", "protocol": 1, "server": "pavilion"}


def test_two_workers_with_redis_serve_pages_and_live_hello(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    with running_server(tmp_path, workers=2, PAVILION_REDIS_URL=redis_url) as base:
        for _ in range(4):
            assert httpx.get(f"{base}/en/").status_code == 200
            assert asyncio.run(_hello(base))["type"] == "hello"


def test_a_worker_keeps_its_redis_connections_for_the_cache_from_request_to_request(tmp_path: Path) -> None:
    """Each request runs in a context of its own, where Django makes a new cache backend; with
    Django's RedisCache each one opened a new connection to Redis (core/redis_cache.py). Two
    workers, as in production: with a single one Django's backend passed this test too (most likely
    its system checks touched the cache before serving, and its requests inherited that backend).
    Failed sign-ins use the cache: allauth counts them there."""
    port = free_port()
    with (
        private_redis(port),
        running_server(tmp_path, workers=2, PAVILION_REDIS_URL=f"redis://127.0.0.1:{port}/0") as base,
        httpx.Client(base_url=base) as browser,
    ):
        page = browser.get("/en/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None, page.text

        def fail_to_sign_in() -> int:
            form = {"csrfmiddlewaretoken": token.group(1), "login": "nobody@example.org", "password": "wrong-password"}
            return browser.post("/en/accounts/login/", data=form).status_code

        watcher = redis.Redis(port=port)
        for _ in range(3):  # the first requests may open the pool's connections
            assert fail_to_sign_in() == 200
        before = watcher.info("stats")["total_connections_received"]
        answers = {fail_to_sign_in() for _ in range(40)}
        after = watcher.info("stats")["total_connections_received"]
        assert watcher.info("keyspace")["db0"]["keys"] > 0, "the sign-ins did not use the cache"
    assert answers <= {200, 429}
    assert after - before == 0


def _reports(output: str) -> dict[int, list[dict[str, str]]]:
    """The ``live tables`` lines in a server's output, by worker, in order."""
    found: dict[int, list[dict[str, str]]] = {}
    for line in output.splitlines():
        if "live tables " in line:
            figures = dict(pair.split("=") for pair in line.split("live tables ")[1].split())
            found.setdefault(int(figures["pid"]), []).append(figures)
    return found


def test_sigusr1_makes_each_worker_log_its_live_tables_after_a_full_collection(tmp_path: Path) -> None:
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    with serving(tmp_path, workers=2, PAVILION_REDIS_URL=redis_url) as (base, process):
        assert asyncio.run(_hello(base))["type"] == "hello"
        workers = worker_pids(process)
        for pid in workers:
            os.kill(pid, signal.SIGUSR1)
        assert asyncio.run(_hello(base))["type"] == "hello"  # the workers live on
        time.sleep(1)
    assert process.stdout is not None
    reports = _reports(process.stdout.read())
    assert sorted(reports) == workers  # only when asked: no PAVILION_LIVE_REPORT_EVERY here
    for pid in workers:
        assert len(reports[pid]) == 1
        assert int(reports[pid][0]["collected"]) >= 0
        assert int(reports[pid][0]["full_collections"]) >= 1
        assert int(reports[pid][0]["arenas"]) >= 1
        assert reports[pid][0]["connections"] == "0"


def test_a_closed_websocket_leaves_no_garbage_for_the_full_collection(tmp_path: Path) -> None:
    """Full collections are rare by design (pavilion.asgi): a socket's objects must go when it closes,
    freed by their reference counts, or each one closed would stay in memory until the next."""
    # Without coverage measurement in the server: under `--cov` (CI) the collection also found coverage's own objects.
    with serving(tmp_path, workers=1, COVERAGE_PROCESS_START="", COVERAGE_PROCESS_CONFIG="") as (base, process):
        os.kill(process.pid, signal.SIGUSR1)  # collect what start-up left
        time.sleep(1)

        async def come_and_go() -> None:
            for _ in range(50):
                assert (await _hello(base))["type"] == "hello"

        asyncio.run(come_and_go())
        time.sleep(0.5)
        os.kill(process.pid, signal.SIGUSR1)
        time.sleep(1)
    assert process.stdout is not None
    _start_up, after = _reports(process.stdout.read())[process.pid]
    # Each socket left about 90 objects in reference cycles (uvicorn's HTTP protocol and its parser,
    # the WebSocket protocol and its FrameWriter) before live/server.py let go of them.
    # 50 sockets left about 4,500 then. Other garbage may fall between the two collections: 280
    # objects in one run of this file under `--cov`, 0 in the others.
    assert int(after["collected"]) < 1_000, after


def test_a_worker_collects_in_full_on_a_timer(tmp_path: Path) -> None:
    """PAVILION_FULL_COLLECTION_EVERY: garbage in old reference cycles does not wait for Python's own
    full collections, which the thresholds set at start-up make rare (none in this test without it)."""
    every = "0.5"
    with serving(tmp_path, 1, PAVILION_FULL_COLLECTION_EVERY=every, PAVILION_LIVE_REPORT_EVERY=every) as (
        base,
        process,
    ):
        assert asyncio.run(_hello(base))["type"] == "hello"
        time.sleep(4)
    assert process.stdout is not None
    reports = _reports(process.stdout.read())[process.pid]
    assert len(reports) >= 4
    assert int(reports[-1]["full_collections"]) - int(reports[0]["full_collections"]) >= 3


def test_tokens_in_addresses_are_hidden_from_the_server_log() -> None:

    record = logging.LogRecord("uvicorn.error", logging.INFO, "", 0, '%s - "WebSocket %s" [accepted]', None, None)
    record.args = ("127.0.0.1:5000", "/live?token=Zm9vYmFy-secret_1&x=1")
    assert HideTokens().filter(record) is True
    assert record.getMessage() == '127.0.0.1:5000 - "WebSocket /live?token=[hidden]&x=1" [accepted]'
    config = logging_config()
    assert all("tokens" in handler["filters"] for handler in config["handlers"].values())


def test_a_worker_that_answers_late_is_not_restarted_and_keeps_its_sockets(tmp_path: Path) -> None:
    """A worker busy for longer than uvicorn's default 5 s health check (here frozen with SIGSTOP
    for 8 s, as a CPU-starved machine can hold it) is not killed by the supervisor: the socket it
    holds lives on and answers once it is back."""
    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    with serving(tmp_path, workers=2, PAVILION_REDIS_URL=redis_url) as (base, process):
        workers = worker_pids(process)

        async def scenario() -> tuple[int, dict[str, object]]:
            async with websockets.connect(base.replace("http://", "ws://") + "/live", ping_interval=None) as socket_:
                await socket_.send(json.dumps({"type": "hello"}))
                await asyncio.wait_for(socket_.recv(), timeout=5)
                frozen = next(pid for pid in workers if open_connections(pid, int(base.rsplit(":", 1)[1])))
                os.kill(frozen, signal.SIGSTOP)
                try:
                    await asyncio.sleep(8)
                finally:
                    with contextlib.suppress(ProcessLookupError):  # killed by the supervisor meanwhile
                        os.kill(frozen, signal.SIGCONT)
                await socket_.send(json.dumps({"type": "hello"}))
                reply: dict[str, object] = json.loads(await asyncio.wait_for(socket_.recv(), timeout=10))
                return frozen, reply

        frozen, reply = asyncio.run(scenario())
        assert reply["type"] == "hello"
        assert frozen in workers
        assert worker_pids(process) == workers  # nobody was restarted
