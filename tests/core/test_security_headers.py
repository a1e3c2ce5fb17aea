"""Security headers on a page, the API and a static file; HSTS only in production over HTTPS."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import pavilion_environment

pytestmark = pytest.mark.django_db

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


@pytest.mark.parametrize("path", ["/en/", "/api/v1/events/", "/static/build/app.js"])
def test_security_headers_on_pages_api_and_static_files(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Debug mode (the tests') never sends HSTS: it would pin localhost to HTTPS in the developer's browser.
    assert "Strict-Transport-Security" not in response


@pytest.mark.parametrize(
    ("site_url", "expected"), [("https://events.example.org", "31536000"), ("http://127.0.0.1:8000", "0")]
)
def test_hsts_is_on_in_production_over_https_only(tmp_path: Path, site_url: str, expected: str) -> None:
    import subprocess

    environment = pavilion_environment(
        tmp_path,
        PAVILION_SECRET_KEY="a-long-random-production-secret-for-this-test-only",
        PAVILION_SITE_URL=site_url,
        DJANGO_SETTINGS_MODULE="pavilion.settings",
    )
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == expected, result.stderr
