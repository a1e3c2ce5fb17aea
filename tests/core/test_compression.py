"""Pages and static files go out gzip-compressed to browsers that accept it (issue 16, slip 11)."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from bench.page_weight import ASSET, BUDGET_BYTES, first_load_bytes
from pavilion.core.compression import is_compressible
from pavilion.demo.services import load_demo
from tests.core.test_page_weight import _read_static

pytestmark = pytest.mark.django_db


def test_pages_are_compressed_for_browsers_that_accept_gzip(client: Client) -> None:
    response = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!DOCTYPE html>" in gzip.decompress(response.content)


def test_pages_are_plain_without_accept_encoding(client: Client) -> None:
    response = client.get("/en/")
    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"<!DOCTYPE html>")


def test_static_files_from_the_sources_are_compressed(client: Client) -> None:
    response = client.get("/static/build/app.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"".join(response.streaming_content)[:2] == b"\x1f\x8b"  # type: ignore[attr-defined]


def test_only_text_types_are_compressed() -> None:
    assert not is_compressible("image/png")
    assert not is_compressible("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert is_compressible("text/html; charset=utf-8")


def _wire_bytes(client: Client, path: str, accept: str) -> int:
    response = client.get(path, HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200, path
    if response.streaming:
        return len(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    return len(response.content)


def test_3d_hall_first_load_is_sent_compressed(client: Client) -> None:
    """The 3D hall's page, the files it links and the three.js bundle it starts, as a browser gets them."""
    load_demo(set_passwords=False)
    path = "/en/events/itu-digital-world-2020/exhibition/3d/"
    html = client.get(path).content.decode()
    paths = [path, *sorted(set(ASSET.findall(html))), "/static/build/hall3d.js"]
    plain = sum(_wire_bytes(client, item, "") for item in paths)
    sent = sum(_wire_bytes(client, item, "gzip") for item in paths)
    assert sent < plain * 0.4
    # bench/page_weight.py's measure of the first load (without three.js) stays within the budget.
    assert first_load_bytes(html, _read_static) <= BUDGET_BYTES
