"""Pavilion's configuration, read once from ``PAVILION_*`` environment variables.

Every variable is listed in :class:`Config` with its default; ``docs/development.md`` repeats the
table for operators. Production (``PAVILION_DEBUG`` off) refuses to start with an empty or default
secret key, because a known key lets anyone forge sessions and password-reset links.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

#: The key used when none is given in debug mode. Production refuses it.
# Not a secret: a well-known value that exists so that production can recognise and refuse it.
DEFAULT_SECRET_KEY = "pavilion-insecure-development-key-do-not-use-in-production"  # noqa: S105

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def _list(environ: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def _live_history(environ: Mapping[str, str]) -> int:
    history = _int(environ, "PAVILION_LIVE_HISTORY", 500)
    if history < 1:
        raise ImproperlyConfigured(f"PAVILION_LIVE_HISTORY must be at least 1; got {history}.")
    return history


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds; got {raw!r}.") from None
    if not 0 <= value <= 600:
        raise ImproperlyConfigured(f"{name} must be between 0 and 600 seconds; got {raw!r}.")
    return value


def _at_least(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    value = _int(environ, name, default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def _http_concurrency(environ: Mapping[str, str]) -> int:
    """By default the pool's connections less those the live gateway's threads hold, so that
    requests queue in front of Django instead of waiting inside it for a connection."""
    pool = _at_least(environ, "PAVILION_DB_POOL_SIZE", 16, 0) or 16
    default = max(2, pool - _at_least(environ, "PAVILION_LIVE_THREADS", 4, 1))
    return _at_least(environ, "PAVILION_HTTP_CONCURRENCY", default, 1)


@dataclass(frozen=True)
class Config:
    """Typed view of the environment. Field comments are the documented defaults."""

    debug: bool  # PAVILION_DEBUG, default off
    secret_key: str  # PAVILION_SECRET_KEY, required when debug is off
    var_dir: Path  # PAVILION_VAR_DIR, default ./var (SQLite file, media, collected static)
    database_url: str  # PAVILION_DATABASE_URL, default sqlite:///<var_dir>/pavilion.sqlite3
    redis_url: str  # PAVILION_REDIS_URL, default empty (local-memory cache, one worker)
    allowed_hosts: list[str]  # PAVILION_ALLOWED_HOSTS, default 127.0.0.1,localhost
    csrf_trusted_origins: list[str]  # PAVILION_CSRF_TRUSTED_ORIGINS, default empty
    media_root: Path  # PAVILION_MEDIA_ROOT, default <var_dir>/media
    documents_root: Path  # PAVILION_DOCUMENTS_ROOT, default <var_dir>/documents (private, never under MEDIA_URL)
    documents_accel_prefix: str  # PAVILION_DOCUMENTS_ACCEL_PREFIX, default empty: Django streams documents
    media_accel_prefix: str  # PAVILION_MEDIA_ACCEL_PREFIX, default empty: Django streams uploaded files
    static_root: Path  # PAVILION_STATIC_ROOT, default <var_dir>/static
    site_url: str  # PAVILION_SITE_URL, default http://127.0.0.1:<PAVILION_PORT> (links in e-mails, feeds)
    email_url: str  # PAVILION_EMAIL_URL: console:// (default), smtp://user:pass@host:port, locmem://
    default_from_email: str  # PAVILION_DEFAULT_FROM_EMAIL, default Pavilion <noreply@localhost>
    port: int  # PAVILION_PORT, default 8000 (used by `pavilion serve` and `make run`)
    live_history: int  # PAVILION_LIVE_HISTORY, default 500: events kept per live topic for resuming
    live_join_wait: float  # PAVILION_LIVE_JOIN_WAIT, default 2: seconds a join may wait before "retry later" (4429)
    live_threads: int  # PAVILION_LIVE_THREADS, default 4: threads per process for the live gateway's database work
    # PAVILION_LIVE_REPORT_EVERY, default 0 (off): seconds between log lines of each process's live tables
    live_report_every: float
    # PAVILION_FULL_COLLECTION_EVERY, default 600 (0: off): seconds between each process's full garbage collections
    full_collection_every: float
    db_pool_size: int  # PAVILION_DB_POOL_SIZE, default 16: PostgreSQL connections per process at most (0: no pool)
    db_pool_timeout: int  # PAVILION_DB_POOL_TIMEOUT, default 10: seconds a request waits for a connection, then 503
    # PAVILION_HTTP_CONCURRENCY, default pool size - live threads (at least 2): requests inside Django at once
    http_concurrency: int
    # PAVILION_MFA_ENFORCED, default on: platform admins, organisers, focal points and secretariats must use
    # two-factor authentication (docs/security.md); off only for test servers and local experiments
    mfa_enforced: bool = True

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Config:
        """Read and validate the configuration; raise ImproperlyConfigured with a clear message."""
        env = os.environ if environ is None else environ
        debug = _flag(env, "PAVILION_DEBUG", default=False)
        secret_key = env.get("PAVILION_SECRET_KEY", "").strip()
        if not secret_key:
            if not debug:
                raise ImproperlyConfigured(
                    "PAVILION_SECRET_KEY is not set. Production (PAVILION_DEBUG off) needs a long "
                    "random secret, e.g. PAVILION_SECRET_KEY=$(python3 -c 'import secrets; "
                    "print(secrets.token_urlsafe(50))'). For local development set PAVILION_DEBUG=1."
                )
            secret_key = DEFAULT_SECRET_KEY
        if not debug and (secret_key == DEFAULT_SECRET_KEY or len(secret_key) < 32):
            raise ImproperlyConfigured(
                "PAVILION_SECRET_KEY is the development default or shorter than 32 characters; "
                "production refuses it. Generate one with: python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(50))'"
            )
        var_dir = Path(env.get("PAVILION_VAR_DIR", "var")).resolve()
        port = _int(env, "PAVILION_PORT", 8000)
        return cls(
            debug=debug,
            secret_key=secret_key,
            var_dir=var_dir,
            database_url=env.get("PAVILION_DATABASE_URL") or f"sqlite:///{var_dir / 'pavilion.sqlite3'}",
            redis_url=env.get("PAVILION_REDIS_URL", "").strip(),
            allowed_hosts=_list(env, "PAVILION_ALLOWED_HOSTS", ["127.0.0.1", "localhost"]),
            csrf_trusted_origins=_list(env, "PAVILION_CSRF_TRUSTED_ORIGINS", []),
            media_root=Path(env.get("PAVILION_MEDIA_ROOT") or var_dir / "media").resolve(),
            documents_root=Path(env.get("PAVILION_DOCUMENTS_ROOT") or var_dir / "documents").resolve(),
            documents_accel_prefix=env.get("PAVILION_DOCUMENTS_ACCEL_PREFIX", "").strip(),
            media_accel_prefix=env.get("PAVILION_MEDIA_ACCEL_PREFIX", "").strip(),
            static_root=Path(env.get("PAVILION_STATIC_ROOT") or var_dir / "static").resolve(),
            # Without a public address, links point at the port `pavilion serve` really listens on.
            site_url=(env.get("PAVILION_SITE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
            email_url=env.get("PAVILION_EMAIL_URL", "console://"),
            default_from_email=env.get("PAVILION_DEFAULT_FROM_EMAIL", "Pavilion <noreply@localhost>"),
            port=port,
            live_history=_live_history(env),
            live_join_wait=_seconds(env, "PAVILION_LIVE_JOIN_WAIT", 2.0),
            live_threads=_at_least(env, "PAVILION_LIVE_THREADS", 4, 1),
            live_report_every=_seconds(env, "PAVILION_LIVE_REPORT_EVERY", 0.0),
            full_collection_every=_seconds(env, "PAVILION_FULL_COLLECTION_EVERY", 600.0),
            db_pool_size=_at_least(env, "PAVILION_DB_POOL_SIZE", 16, 0),
            db_pool_timeout=_at_least(env, "PAVILION_DB_POOL_TIMEOUT", 10, 1),
            http_concurrency=_http_concurrency(env),
            mfa_enforced=_flag(env, "PAVILION_MFA_ENFORCED", default=True),
        )


def email_settings(email_url: str) -> dict[str, object]:
    """Translate PAVILION_EMAIL_URL into Django's EMAIL_* settings."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(email_url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"PAVILION_EMAIL_URL scheme {parts.scheme!r} is not one of {', '.join(sorted(backends))}."
        )
    result: dict[str, object] = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme in {"smtp", "smtps"}:
        result.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if parts.scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS="tls=1" in parts.query,
        )
    if parts.scheme == "file":
        result["EMAIL_FILE_PATH"] = parts.path
    return result
