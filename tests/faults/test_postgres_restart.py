"""PostgreSQL goes away under a running server and comes back: pages answer 503 with a clear
message meanwhile, and then work again without restarting Pavilion (issue 13).

The server reaches the test database through a TCP proxy (bench/tcp_proxy.py) that the test cuts
and restores: cutting closes every connection through it and refuses new ones, as a restarting
PostgreSQL does to its clients. The machine's PostgreSQL itself keeps running for everything else.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from django.conf import settings

from bench.processes import free_port
from bench.tcp_proxy import TcpProxy
from tests.servers import running_server

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_answer_503_while_postgresql_is_away_and_recover_without_a_restart(tmp_path: Path) -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("PostgreSQL restarts need PostgreSQL (CI's first pass runs this)")
    proxy = TcpProxy(free_port(), (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    proxy.restore()
    url = f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
    through_proxy = {"PAVILION_DATABASE_URL": url, "PAVILION_DB_POOL_TIMEOUT": "1"}
    try:
        with running_server(tmp_path, workers=1, migrate=False, **through_proxy) as base:
            assert httpx.get(f"{base}/en/", timeout=20).status_code == 200
            proxy.cut()
            away = [httpx.get(f"{base}{path}", timeout=20) for path in ("/en/", "/api/v1/events/", "/en/")]
            proxy.restore()
            back = [httpx.get(f"{base}{path}", timeout=20).status_code for path in ("/en/", "/api/v1/events/")]
    finally:
        proxy.stop()
    assert [answer.status_code for answer in away] == [503, 503, 503]
    assert all(answer.headers["retry-after"] == "5" for answer in away)
    assert "Pavilion is busy for a moment" in away[0].text
    assert back == [200, 200]
