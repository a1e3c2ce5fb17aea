from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pavilion.config import DEFAULT_SECRET_KEY, Config, email_settings
from tests.conftest import run_pavilion

STRONG_KEY = "k" * 50


def test_production_refuses_missing_secret_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="PAVILION_SECRET_KEY is not set"):
        Config.from_environ({"PAVILION_DEBUG": "0"})


def test_production_refuses_empty_secret_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="PAVILION_SECRET_KEY is not set"):
        Config.from_environ({"PAVILION_SECRET_KEY": "   "})


def test_production_refuses_default_secret_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="development default"):
        Config.from_environ({"PAVILION_DEBUG": "off", "PAVILION_SECRET_KEY": DEFAULT_SECRET_KEY})


def test_production_refuses_short_secret_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="shorter than 32"):
        Config.from_environ({"PAVILION_SECRET_KEY": "too-short"})


def test_production_accepts_strong_secret_key() -> None:
    config = Config.from_environ({"PAVILION_SECRET_KEY": STRONG_KEY})
    assert config.debug is False
    assert config.secret_key == STRONG_KEY


def test_debug_uses_development_key_when_none_given() -> None:
    config = Config.from_environ({"PAVILION_DEBUG": "1"})
    assert config.secret_key == DEFAULT_SECRET_KEY


def test_defaults_put_sqlite_under_var(tmp_path: Path) -> None:
    config = Config.from_environ({"PAVILION_DEBUG": "1", "PAVILION_VAR_DIR": str(tmp_path)})
    assert config.database_url == f"sqlite:///{tmp_path / 'pavilion.sqlite3'}"
    assert config.media_root == tmp_path / "media"
    assert config.redis_url == ""
    assert config.allowed_hosts == ["127.0.0.1", "localhost"]
    assert config.port == 8000


def test_lists_and_numbers_are_parsed() -> None:
    config = Config.from_environ(
        {"PAVILION_DEBUG": "yes", "PAVILION_ALLOWED_HOSTS": "a.example, b.example ,", "PAVILION_PORT": "9001"}
    )
    assert config.allowed_hosts == ["a.example", "b.example"]
    assert config.port == 9001


def test_bad_flag_is_refused_with_its_name() -> None:
    with pytest.raises(ImproperlyConfigured, match="PAVILION_DEBUG must be one of"):
        Config.from_environ({"PAVILION_DEBUG": "maybe"})


def test_bad_port_is_refused_with_its_name() -> None:
    with pytest.raises(ImproperlyConfigured, match="PAVILION_PORT must be a whole number"):
        Config.from_environ({"PAVILION_DEBUG": "1", "PAVILION_PORT": "eighty"})


def test_live_history_defaults_to_500_and_must_be_positive() -> None:
    assert Config.from_environ({"PAVILION_DEBUG": "1"}).live_history == 500
    assert Config.from_environ({"PAVILION_DEBUG": "1", "PAVILION_LIVE_HISTORY": "2000"}).live_history == 2000
    with pytest.raises(ImproperlyConfigured, match=r"PAVILION_LIVE_HISTORY must be at least 1; got 0\."):
        Config.from_environ({"PAVILION_DEBUG": "1", "PAVILION_LIVE_HISTORY": "0"})


def test_email_url_smtp() -> None:
    result = email_settings("smtp://mailer:s%40cret@mail.example.org:587?tls=1")
    assert result == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "s@cret",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_email_url_console_is_the_default() -> None:
    config = Config.from_environ({"PAVILION_DEBUG": "1"})
    assert email_settings(config.email_url) == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_email_url_unknown_scheme_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="scheme 'pigeon'"):
        email_settings("pigeon://loft")


def test_pavilion_command_refuses_to_start_in_production_without_secret(tmp_path: Path) -> None:
    result = run_pavilion(["check"], tmp_path)
    assert result.returncode != 0
    assert "PAVILION_SECRET_KEY is not set" in result.stderr


def test_sqlite_default_runs_in_wal_mode(tmp_path: Path) -> None:
    query = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = run_pavilion(["shell", "--no-imports", "-c", query], tmp_path, PAVILION_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
    assert (tmp_path / "pavilion.sqlite3").exists()


def test_site_url_follows_the_port_when_not_set() -> None:
    config = Config.from_environ({"PAVILION_DEBUG": "1", "PAVILION_PORT": "8123"})
    assert config.site_url == "http://127.0.0.1:8123"


def test_site_url_given_wins_over_the_port() -> None:
    config = Config.from_environ(
        {"PAVILION_DEBUG": "1", "PAVILION_PORT": "8123", "PAVILION_SITE_URL": "https://events.example.org/"}
    )
    assert config.site_url == "https://events.example.org"
