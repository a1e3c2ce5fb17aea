"""Backups and restore: the database, the public media files and the private meeting documents in
one tar archive with a manifest (``pavilion backup`` / ``pavilion restore``, docs/deployment.md).

Archive layout::

    database/pavilion.dump        PostgreSQL: pg_dump's custom format
    database/pavilion.sqlite3     SQLite: a copy made with SQLite's online backup API
    media/…                       MEDIA_ROOT (logos, booth images: public files)
    documents/…                   PAVILION_DOCUMENTS_ROOT (meeting documents: private files)
    manifest.json                 what the archive holds, written last (see ``Manifest``)

The manifest records every table's row count as the dump saw it (PostgreSQL: counted inside the
snapshot pg_dump reads, exported to it; SQLite: counted in the copy), and the restore checks the
restored database against it. A backup is taken while Pavilion runs: the database is one consistent
snapshot; the files are copied after it, so a file uploaded during the backup may be in the archive
without its row (harmless), never the reverse unless it was deleted meanwhile.

Restore reads and checks everything first (the manifest, the database copy's checksum, every file
extracted and counted), then replaces the database whole (PostgreSQL in one transaction; SQLite
page by page through the backup API) and swaps each file tree, built beside the old one, in. It
refuses a database or file tree that already holds data unless told ``force``, and an archive of
another database kind or of a newer Pavilion.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "pavilion-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP_MEMBER = {"postgresql": "database/pavilion.dump", "sqlite": "database/pavilion.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
#: The tables a PostgreSQL backup holds and counts: those of Pavilion's schema.
POSTGRESQL_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
#: Tables ``migrate`` fills by itself: rows there do not make a database "hold data".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator what to do."""


@dataclass(frozen=True)
class FileTree:
    """One directory the archive carries: its name in the archive and where it lives here."""

    name: str
    root: Path
    description: str


def file_trees() -> list[FileTree]:
    """The directories a backup carries, from the settings in force (PAVILION_MEDIA_ROOT, PAVILION_DOCUMENTS_ROOT)."""
    return [
        FileTree("media", Path(settings.MEDIA_ROOT), "media files (PAVILION_MEDIA_ROOT)"),
        FileTree("documents", Path(settings.PAVILION_DOCUMENTS_ROOT), "meeting documents (PAVILION_DOCUMENTS_ROOT)"),
    ]


def _pavilion_version() -> str:
    try:
        return version("pavilion")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_of(root: Path) -> Iterator[Path]:
    """Regular files under root, in a stable order (symbolic links are not followed nor kept)."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


# --- The database -------------------------------------------------------------------------------


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_MEMBER:
        raise BackupError(f"Backups support PostgreSQL and SQLite; this database is {vendor}.")
    return vendor


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client programs (Debian: postgresql-client) "
            "of the server's major version or newer."
        )
    return path


def _postgresql_environment(using: str) -> dict[str, str]:
    """libpq's variables for the configured database: the password travels in the environment, never
    on a command line that others on the machine could read."""
    params = connections[using].settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if params.get(key):
            env[variable] = str(params[key])
    env["PGDATABASE"] = str(params["NAME"])
    for variable, option in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if params.get("OPTIONS", {}).get(option):
            env[variable] = str(params["OPTIONS"][option])
    return env


@contextmanager
def _postgresql_snapshot(using: str) -> Iterator[tuple[str, dict[str, int]]]:
    """A repeatable-read transaction's exported snapshot and every table's row count inside it:
    pg_dump reads the same snapshot, so the counts are exactly what the dump holds."""
    import psycopg
    from psycopg import IsolationLevel

    params = connections[using].settings_dict
    options = {
        key: value for key, value in params.get("OPTIONS", {}).items() if key not in {"pool", "server_side_binding"}
    }
    with psycopg.connect(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        **options,
    ) as connection:
        connection.isolation_level = IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        tables = [row[0] for row in connection.execute(POSTGRESQL_TABLES).fetchall()]
        counts: dict[str, int] = {}
        for table in tables:
            row = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608 - names from pg_tables
            counts[table] = int(row[0]) if row else 0
        yield str(snapshot[0]), counts
        connection.rollback()


def _dump_postgresql(using: str, target: Path) -> dict[str, int]:
    with _postgresql_snapshot(using) as (snapshot, counts):
        result = subprocess.run(
            [_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env=_postgresql_environment(using),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608 - names from sqlite_master
        for table in _sqlite_tables(connection)
    }


def _raw_sqlite(using: str) -> sqlite3.Connection:
    """Django's own sqlite3 connection: the same file (or, in tests, the same in-memory database)."""
    wrapper = connections[using]
    wrapper.ensure_connection()
    raw = wrapper.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _dump_sqlite(using: str, target: Path) -> dict[str, int]:
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state page by page while others keep writing.
        _raw_sqlite(using).backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def database_counts(using: str = "default") -> dict[str, int]:
    """Every table's row count in the configured database now (what a restore is checked against)."""
    if _vendor(using) == "sqlite":
        return _sqlite_counts(_raw_sqlite(using))
    with connections[using].cursor() as cursor:
        cursor.execute(POSTGRESQL_TABLES)
        counts = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = int(cursor.fetchone()[0])
    return counts


# --- Backup -------------------------------------------------------------------------------------


def _json_member(archive: tarfile.TarFile, name: str, content: dict[str, Any]) -> None:
    data = json.dumps(content, indent=2, sort_keys=True).encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def default_backup_path() -> Path:
    """``<PAVILION_VAR_DIR>/backups/pavilion-<UTC time>.tar``."""
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.CONFIG.var_dir) / "backups" / f"pavilion-{stamp}.tar"


def _new_archive(path: Path, stream: IO[bytes]) -> tarfile.TarFile:
    """A tar archive written to stream, gzip-compressed when path's name asks for it."""
    if path.name.endswith((".tar.gz", ".tgz")):
        return tarfile.open(fileobj=stream, mode="w:gz")
    return tarfile.open(fileobj=stream, mode="w")


def create_backup(*, output: Path, using: str = "default") -> dict[str, Any]:
    """Write the database, media files and documents into the tar archive ``output`` (readable by
    its owner only: it holds password hashes and private documents) and return its manifest.

    The archive appears under its name only once complete (written beside it, then renamed).
    """
    vendor = _vendor(using)
    output = output.resolve()
    if output.exists():
        raise BackupError(f"{output} already exists; name another file, or move that one away first.")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory(prefix="pavilion-backup-", dir=output.parent) as scratch:
        dump = Path(scratch) / Path(DUMP_MEMBER[vendor]).name
        counts = _dump_postgresql(using, dump) if vendor == "postgresql" else _dump_sqlite(using, dump)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "pavilion": _pavilion_version(),
            "database": {
                "vendor": vendor,
                "member": DUMP_MEMBER[vendor],
                "bytes": dump.stat().st_size,
                "sha256": _sha256(dump),
                "tables": counts,
            },
            "migrations": _applied_migrations(using),
            "files": {},
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as stream,
                _new_archive(output, stream) as archive,
            ):
                archive.add(dump, arcname=DUMP_MEMBER[vendor])
                for tree in file_trees():
                    count = size = 0
                    for path in _files_of(tree.root):
                        try:
                            archive.add(path, arcname=f"{tree.name}/{path.relative_to(tree.root).as_posix()}")
                        except FileNotFoundError:  # deleted while the backup ran
                            continue
                        count += 1
                        size += path.stat().st_size
                    manifest["files"][tree.name] = {"count": count, "bytes": size}
                _json_member(archive, MANIFEST, manifest)
            partial.rename(output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- Restore ------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    """The archive's manifest, checked to be one this Pavilion can restore."""
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{path} is not a Pavilion backup: it has no {MANIFEST}.") from None
    stream = archive.extractfile(member)
    try:
        manifest: dict[str, Any] = json.load(stream) if stream else {}
    except ValueError:
        raise BackupError(f"{path} is not a Pavilion backup: its {MANIFEST} is not JSON.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Pavilion backup: its {MANIFEST} is of another format.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a Pavilion backup of format {manifest.get('version')}; this Pavilion reads format "
            f"{FORMAT_VERSION}. Restore it with the Pavilion version that made it ({manifest.get('pavilion')})."
        )
    return manifest


def _open_archive(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        return tarfile.open(path, mode="r:*")
    except tarfile.TarError:
        raise BackupError(f"{path} is not a Pavilion backup: it is not a tar archive.") from None


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the archive's database has that this code does not know: a newer Pavilion made it."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(manifest.get("migrations", {}).items())
        for name in names
        if (app, name) not in known
    ]


def data_tables(using: str = "default") -> dict[str, int]:
    """Tables of Pavilion's models that hold rows now (those ``migrate`` fills by itself left out)."""
    from django.apps import apps

    connection = connections[using]
    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        holding = {}
        for table in sorted((model_tables & existing) - BOOKKEEPING_TABLES):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the models
            rows = int(cursor.fetchone()[0])
            if rows:
                holding[table] = rows
    return holding


def _refuse_unless_empty(using: str, database: str) -> None:
    problems = []
    holding = data_tables(using)
    if holding:
        listed = ", ".join(f"{table} ({rows} rows)" for table, rows in list(holding.items())[:5])
        more = f" and {len(holding) - 5} more tables" if len(holding) > 5 else ""
        problems.append(f"the database {database} already holds data: {listed}{more}")
    for tree in file_trees():
        count = sum(1 for _path in _files_of(tree.root))
        if count:
            problems.append(f"{tree.root} already holds {count} {tree.description}")
    if problems:
        raise BackupError(
            "Nothing was restored: "
            + "; ".join(problems)
            + ". A restore replaces all of it with the archive's content. If that is what you want "
            "(e.g. going back to last night's backup), run the same command again with --force."
        )


def _restore_postgresql(using: str, dump: Path, scratch: Path) -> None:
    """Drop every table, then replay the dump, in one transaction that is committed only when
    pg_restore read the whole dump and psql ran every statement: on any error nothing changed."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    connections[using].close()
    env = _postgresql_environment(using)
    # Both programs' messages go to files: a pipe nobody reads while the dump streams could fill up.
    replay_errors_path, script_errors_path = scratch / "psql.errors", scratch / "pg_restore.errors"
    with replay_errors_path.open("wb") as replay_errors, script_errors_path.open("wb") as script_errors:
        psql = subprocess.Popen(
            [_program("psql"), "--no-psqlrc", "--quiet", "--output=/dev/null", "-v", "ON_ERROR_STOP=1", "-f", "-"],
            env=env,
            stdin=subprocess.PIPE,
            stderr=replay_errors,
        )
        assert psql.stdin is not None
        script = subprocess.Popen(
            [_program("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=script_errors,
        )
        assert script.stdout is not None
        try:
            psql.stdin.write(b"BEGIN;\n")
            if tables:
                psql.stdin.write(
                    ("DROP TABLE IF EXISTS " + ", ".join(f'"{t}"' for t in tables) + " CASCADE;\n").encode()
                )
            shutil.copyfileobj(script.stdout, psql.stdin)
            script_status = script.wait()
            if script_status == 0:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()  # without COMMIT the server rolls the transaction back
        except BrokenPipeError:  # psql stopped at an error: its message says which
            script.kill()
            script_status = script.wait()
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()
        replay_status = psql.wait()
    if replay_status != 0:
        raise BackupError(
            f"Restoring into PostgreSQL failed; nothing was changed: {replay_errors_path.read_text().strip()}"
        )
    if script_status != 0:
        raise BackupError(
            f"pg_restore could not read the dump; nothing was changed: {script_errors_path.read_text().strip()}"
        )


def _verify_sqlite_copy(copy: Path, tables: dict[str, int], archive_path: Path) -> None:
    """The archive's SQLite copy is a sound database holding what the manifest lists (read-only check)."""
    try:
        source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            check = source.execute("PRAGMA quick_check").fetchone()
            counts = _sqlite_counts(source)
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{archive_path} is damaged: its SQLite copy cannot be read ({error}).") from None
    if check != ("ok",) or counts != tables:
        raise BackupError(f"{archive_path} is damaged: its SQLite copy does not hold what the manifest lists.")


def _restore_sqlite(using: str, copy: Path) -> None:
    source = sqlite3.connect(copy)
    try:
        # Replaces the whole destination database, page by page, as one write.
        source.backup(_raw_sqlite(using))
    finally:
        source.close()


def _extract(archive: tarfile.TarFile, members: list[tarfile.TarInfo], target: Path, archive_path: Path) -> None:
    """Extract members under target; a member that would land outside it (a path or a link leading
    out, a device file) is refused (tarfile's "data" filter)."""
    try:
        archive.extractall(target, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} is damaged or unsafe, nothing was changed: {error}") from None


def _stage_tree(archive: tarfile.TarFile, tree: FileTree, scratch: Path, expected: int, archive_path: Path) -> Path:
    """The archive's copy of one file tree, extracted under scratch and counted (nothing replaced yet)."""
    members = [member for member in archive.getmembers() if member.name.startswith(f"{tree.name}/")]
    (scratch / tree.name).mkdir()
    _extract(archive, members, scratch, archive_path)
    count = sum(1 for _path in _files_of(scratch / tree.name))
    if count != expected:
        raise BackupError(f"{archive_path} is damaged: it holds {count} {tree.description}, its manifest {expected}.")
    return scratch / tree.name


def _swap_tree(staged: Path, tree: FileTree) -> None:
    """Put the staged tree in place of the current one (moved beside it first, then two renames)."""
    tree.root.parent.mkdir(parents=True, exist_ok=True)
    fresh = tree.root.with_name(f".{tree.root.name}.restoring")
    old = tree.root.with_name(f".{tree.root.name}.replaced")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.move(staged, fresh)  # a rename when on the same file system, else a copy (before the swap)
    if tree.root.exists():
        tree.root.rename(old)
    fresh.rename(tree.root)
    shutil.rmtree(old, ignore_errors=True)


#: Pavilion's keys in Redis: the live topics' numbering and history (``pavilion:live:``) and the cache.
REDIS_KEYS = "pavilion:*"


def forget_live_state() -> int:
    """Delete Pavilion's keys in Redis (when PAVILION_REDIS_URL is set); return how many.

    After a restore the live history in Redis describes a later state than the database's (events on
    rows that are gone, numbers ahead of the restored data) and cached pages show it: both must go.
    Clients that come back with a ``since`` from before are then answered with a fresh snapshot.
    """
    if not settings.PAVILION_REDIS_URL:
        return 0
    import redis

    client = redis.Redis.from_url(settings.PAVILION_REDIS_URL)
    try:
        deleted = 0
        batch: list[bytes] = []
        for key in client.scan_iter(match=REDIS_KEYS, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                deleted += int(client.delete(*batch))
                batch = []
        if batch:
            deleted += int(client.delete(*batch))
        return deleted
    except redis.RedisError as error:
        raise BackupError(
            f"The backup was restored, but Pavilion's keys in Redis could not be deleted ({error}). Delete the "
            "keys matching pavilion:* in PAVILION_REDIS_URL's database before starting Pavilion."
        ) from None
    finally:
        client.close()


def restore_backup(*, archive_path: Path, force: bool = False, using: str = "default") -> dict[str, Any]:
    """Replace the configured database, media files and documents with the archive's; return its manifest.

    Refuses (BackupError, nothing changed) an archive that is not a Pavilion backup, is damaged, holds
    another kind of database or comes from a newer Pavilion, and a database or file tree that already
    holds data unless ``force``. After the database is restored every table's row count is checked
    against the manifest; then Pavilion's keys in Redis are deleted (``forget_live_state``).
    """
    archive_path = archive_path.resolve()
    vendor = _vendor(using)
    with _open_archive(archive_path) as archive:
        manifest = read_manifest(archive, archive_path)
        database = manifest["database"]
        if database["vendor"] != vendor:
            raise BackupError(
                f"{archive_path} holds a {VENDOR_NAMES.get(database['vendor'], database['vendor'])} database; "
                f"this Pavilion uses {VENDOR_NAMES[vendor]} (PAVILION_DATABASE_URL). Restore it into the same "
                "kind of database it came from."
            )
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise BackupError(
                f"{archive_path} was made by a newer Pavilion ({manifest.get('pavilion')}): its database has "
                f"migrations this version does not know ({', '.join(unknown[:5])}). Install that version or a "
                "newer one, then restore."
            )
        name = connections[using].settings_dict["NAME"]
        if not force:
            _refuse_unless_empty(using, str(name))
        scratch_parent = Path(settings.CONFIG.var_dir)
        scratch_parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="pavilion-restore-", dir=scratch_parent) as scratch_name:
            scratch = Path(scratch_name)
            try:
                member = archive.getmember(database["member"])
            except KeyError:
                raise BackupError(f"{archive_path} is damaged: it lacks {database['member']}.") from None
            _extract(archive, [member], scratch, archive_path)
            dump = scratch / database["member"]
            if _sha256(dump) != database["sha256"]:
                raise BackupError(f"{archive_path} is damaged: its database copy does not match the manifest.")
            # Everything is read and checked before anything is replaced.
            counts = manifest.get("files", {})
            staged = {
                tree.name: _stage_tree(archive, tree, scratch, counts.get(tree.name, {}).get("count", 0), archive_path)
                for tree in file_trees()
            }
            if vendor == "postgresql":
                _restore_postgresql(using, dump, scratch)
            else:
                _verify_sqlite_copy(dump, database["tables"], archive_path)
                _restore_sqlite(using, dump)
            restored = database_counts(using)
            differ = sorted(
                table
                for table in set(database["tables"]) | set(restored)
                if database["tables"].get(table) != restored.get(table)
            )
            if differ:
                raise BackupError(
                    "The restored database does not hold what the archive's manifest lists, in "
                    f"{', '.join(differ[:5])}: do not start Pavilion on it; restore again or use another backup."
                )
            for tree in file_trees():
                _swap_tree(staged[tree.name], tree)
    manifest["redis_keys_deleted"] = forget_live_state()
    return manifest
