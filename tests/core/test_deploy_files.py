"""deploy/'s files agree with Pavilion and with each other (the two-host test runs them for real:
deploy/two-hosts/test.sh; these catch drift without root or network namespaces)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pavilion.config import Config
from tests.conftest import REPO

DEPLOY = REPO / "deploy"


def _environment_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= (and a shell) read them."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _sep, value = line.partition("=")
            values[key] = " ".join(shlex.split(value))
    return values


def test_example_environment_names_only_settings_pavilion_reads() -> None:
    example = _environment_file(DEPLOY / "env" / "pavilion.env.example")
    config_source = (REPO / "src" / "pavilion" / "config.py").read_text()
    names = [name for name in example if name.startswith("PAVILION_")]
    assert len(names) >= 12
    assert [name for name in names if f'"{name}"' not in config_source] == []
    assert set(example) - set(names) == {"FORWARDED_ALLOW_IPS"}  # uvicorn's own


def test_example_environment_is_refused_until_the_secret_is_filled_in() -> None:
    example = _environment_file(DEPLOY / "env" / "pavilion.env.example")
    with pytest.raises(ImproperlyConfigured, match="PAVILION_SECRET_KEY is not set"):
        Config.from_environ(example)
    config = Config.from_environ({**example, "PAVILION_SECRET_KEY": "x" * 50})
    assert config.debug is False
    assert config.allowed_hosts == ["events.example.org"]
    assert config.site_url == "https://events.example.org"
    assert str(config.media_root) == "/srv/pavilion/media"
    assert str(config.documents_root) == "/srv/pavilion/documents"
    assert config.documents_accel_prefix == "/internal-documents/"
    assert config.email_url.startswith("smtp://")


def test_nginx_haproxy_and_the_unit_agree_on_paths_and_ports() -> None:
    nginx = (DEPLOY / "nginx" / "pavilion.conf").read_text()
    haproxy = (DEPLOY / "haproxy" / "haproxy.cfg").read_text()
    unit = (DEPLOY / "systemd" / "pavilion.service").read_text()
    example = _environment_file(DEPLOY / "env" / "pavilion.env.example")
    # The unit serves where nginx passes requests.
    assert "serve --host 127.0.0.1 --port 8000" in unit
    assert "server 127.0.0.1:8000;" in nginx
    # HAProxy's health check is a location nginx passes to Pavilion.
    check = re.search(r"http-check send meth GET uri (\S+)", haproxy)
    assert check is not None
    assert f"location = {check.group(1)} {{" in nginx
    # HAProxy's servers are the hosts' nginx; the documents' internal location is the one Pavilion names.
    assert re.findall(r"^\s*server host-\w+ (\S+)$", haproxy, re.MULTILINE) == ["10.0.0.11:80", "10.0.0.12:80"]
    assert "listen 10.0.0.11:80;" in nginx
    assert f"location {example['PAVILION_DOCUMENTS_ACCEL_PREFIX']} {{\n        internal;" in nginx
    # nginx serves the directories the settings name.
    assert f"alias {example['PAVILION_MEDIA_ROOT']}/;" in nginx
    assert f"alias {example['PAVILION_DOCUMENTS_ROOT']}/;" in nginx
    assert example["PAVILION_STATIC_ROOT"] == "/var/lib/pavilion/static"
    assert "root /var/lib/pavilion;" in nginx
    # The unit may write only where Pavilion writes.
    assert f"{example['PAVILION_MEDIA_ROOT']} {example['PAVILION_DOCUMENTS_ROOT']}" in unit
