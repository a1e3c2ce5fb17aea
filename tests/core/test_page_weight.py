"""The low-bandwidth budget (docs/budgets.md): a first load of the home page is at most 60 KB compressed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from bench.page_weight import BUDGET_BYTES, first_load_bytes
from pavilion.demo.services import load_demo

pytestmark = pytest.mark.django_db


def _read_static(url: str) -> bytes:
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is missing: the front end must be built (make frontend) before the tests"
    return Path(str(path)).read_bytes()


@pytest.mark.parametrize("language", ["en", "ar", "vi"])
def test_home_page_first_load_is_within_budget(client: Client, language: str) -> None:
    load_demo(set_passwords=False)
    html = client.get(f"/{language}/").content.decode()
    assert '<link rel="stylesheet" href="/static/build/app.css">' in html
    assert first_load_bytes(html, _read_static) <= BUDGET_BYTES
